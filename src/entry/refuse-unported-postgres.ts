import type { NodeConfig } from '../config/config.js'

/** What still reads and writes the SQLite schema directly, not yet through a store port. */
const NOT_YET_ON_POSTGRES = [
  'accounts, login and reset tokens',
  'incidents and exposures',
  'the webhook outbox',
  'the audit log',
  'live breach additions',
  'migration (wrap) queries',
  'the CLI commands other than audit verify, tenant policy and tenant legacy-verify',
]

/**
 * Stops the Node server and the CLI when PWGUARD_DATABASE_URL selects PostgreSQL: only the
 * tenants-and-keys and throttle ports have PostgreSQL adapters yet, and a service that keeps
 * half its data in PostgreSQL and half in a local SQLite file would split every tenant's state
 * across instances. Refusing is the only safe answer until every aggregate is ported.
 */
export function refuseUnportedPostgres(
  config: NodeConfig,
  options: { allowForProof?: boolean } = {},
): void {
  if (config.database.kind !== 'postgres' || options.allowForProof) return
  const error = new Error(
    'PWGUARD_DATABASE_URL selects PostgreSQL, which pwguard cannot run on yet: ' +
      `${NOT_YET_ON_POSTGRES.join('; ')} still use SQLite only ` +
      '(on PostgreSQL so far: the schema and its migrations, tenants and API keys, login throttling). ' +
      'Unset PWGUARD_DATABASE_URL to run on SQLite (PWGUARD_DB).',
  )
  throw Object.assign(error, { code: 'PWGUARD_STARTUP' })
}

/** The environment variable the multi-instance proof sets; see `unportedPostgresAllowed`. */
export const PROOF_POSTGRES_FLAG = 'PWGUARD_PROOF_UNPORTED_POSTGRES'

/**
 * Test-only way past the refusal, for test/proof/multi-instance.test.ts: honoured only when
 * NODE_ENV is `test` too, so no deployment opens it by one stray variable. The unported modules
 * then use the local SQLite file (PWGUARD_DB). Deleted with the refusal once every aggregate is
 * on store ports.
 */
export function unportedPostgresAllowed(env: Record<string, string | undefined>): boolean {
  return env.NODE_ENV === 'test' && env[PROOF_POSTGRES_FLAG] === '1'
}

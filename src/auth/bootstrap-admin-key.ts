import { writeAudited, type AuditDeps } from '../audit/append-audit.js'
import type { Random } from '../ports/random.js'
import { DEFAULT_TENANT_ID, ensureTenant } from '../tenants/tenant-store.js'
import { apiKeyInsert, hasActiveAdminKey } from './api-key-store.js'
import { generateApiKey } from './api-key.js'
import {
  anyAdminKeyEver,
  bootstrapMarkerInsert,
  findBootstrapMarker,
  presentedKeyState,
  recordBootstrapDone,
} from './bootstrap-marker.js'
import { SCOPES } from './scopes.js'

export type BootstrapOutcome =
  /** Stored now: PWGUARD_BOOTSTRAP_KEY, or a generated key handed back once. */
  | { kind: 'configured'; keyId: string }
  | { kind: 'generated'; keyId: string; key: string }
  /** Admin keys existed without a marker (older database, or keys made by the CLI). */
  | { kind: 'existing' }
  /** Bootstrapped before; `presented` is what the variable (if set) is to this database. */
  | {
      kind: 'done'
      at: number
      keyId: string | null
      presented: 'active' | 'revoked' | 'unknown' | null
      activeAdmin: boolean
    }
  /** Nothing stored and nothing to store with (Workers without the variable). */
  | { kind: 'waiting' }

/**
 * Makes sure an admin can reach a fresh database, exactly once per database. The first start
 * stores PWGUARD_BOOTSTRAP_KEY as the default tenant's all-scopes key (or, where allowed, a
 * generated one), together with a persisted marker and an audit entry in one batch. Every
 * later start sees the marker and writes nothing: giving the same key again is a no-op, and
 * neither the variable nor a restart can bring back admin keys an operator revoked.
 */
export async function bootstrapAdminKey(
  deps: AuditDeps & { random: Random },
  input: { bootstrapKey: string | null; now: number; generate: boolean },
): Promise<BootstrapOutcome> {
  const { db } = deps.driver
  for (let attempt = 0; ; attempt++) {
    const marker = await findBootstrapMarker(db)
    if (marker) {
      return {
        kind: 'done',
        at: marker.at,
        keyId: marker.keyId,
        presented: input.bootstrapKey ? await presentedKeyState(db, input.bootstrapKey) : null,
        activeAdmin: await hasActiveAdminKey(db),
      }
    }
    if (await anyAdminKeyEver(db)) {
      await recordBootstrapDone(db, input.now)
      return { kind: 'existing' }
    }
    if (!input.bootstrapKey && !input.generate) return { kind: 'waiting' }
    try {
      return await storeBootstrapKey(deps, input)
    } catch (error) {
      // A racing start stored its marker first (its batch won): read that one instead.
      if (attempt > 0 || !(await findBootstrapMarker(db))) throw error
    }
  }
}

async function storeBootstrapKey(
  deps: AuditDeps & { random: Random },
  input: { bootstrapKey: string | null; now: number },
): Promise<BootstrapOutcome> {
  const { db } = deps.driver
  await ensureTenant(db, { id: DEFAULT_TENANT_ID, name: 'Default tenant' }, input.now)
  const generated = input.bootstrapKey ? null : generateApiKey(deps.random)
  const id = generated?.id ?? 'bootstrap'
  const { statement } = await apiKeyInsert(db, {
    id,
    key: generated?.key ?? input.bootstrapKey!,
    tenantId: DEFAULT_TENANT_ID,
    scopes: [...SCOPES],
    label: generated ? 'generated at first start' : 'PWGUARD_BOOTSTRAP_KEY',
    now: input.now,
  })
  const marker = bootstrapMarkerInsert(db, { keyId: id, at: input.now })
  const entry = { actor: 'system', action: 'api_key.bootstrapped', target: id, at: input.now }
  const details = { scopes: [...SCOPES], source: generated ? 'generated' : 'variable' }
  await writeAudited(
    deps,
    { tenantId: DEFAULT_TENANT_ID, ...entry, details },
    { before: [marker, statement] },
  )
  return generated
    ? { kind: 'generated', keyId: id, key: generated.key }
    : { kind: 'configured', keyId: id }
}

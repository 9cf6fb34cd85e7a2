import { parseArgs } from 'node:util'
import { apiKeyInsert, apiKeyRevocation, listApiKeys } from '../auth/api-key-store.js'
import { generateApiKey } from '../auth/api-key.js'
import { parseScopes } from '../auth/scopes.js'
import { writeAudited } from '../audit/append-audit.js'
import { loadNodeSecret } from '../entry/node-files.js'
import type { NodeConfig } from '../config/config.js'
import type { Logger } from '../ports/logger.js'
import { systemClock } from '../ports/clock.js'
import { webCryptoRandom } from '../ports/random.js'
import { openSqliteDriver } from '../store/sqlite-driver.js'
import { ensureTenant } from '../tenants/tenant-store.js'
import { CliUsageError, type CliCommand } from './cli-command.js'

export const keysCreateCommand: CliCommand = {
  name: ['keys', 'create'],
  summary: 'create an API key for a tenant (creates the tenant if new); prints the key once',
  usage:
    'pwguard keys create --tenant ID --scopes check,login,admin [--label TEXT] [--service-name NAME]',
  async run(args, { config, io, logger }) {
    const { values } = parseArgs({
      args,
      options: {
        tenant: { type: 'string' },
        scopes: { type: 'string' },
        label: { type: 'string' },
        'service-name': { type: 'string' },
      },
    })
    if (!values.tenant || !/^[A-Za-z0-9._-]{1,64}$/.test(values.tenant)) {
      throw new CliUsageError('--tenant is required: 1-64 of A-Z a-z 0-9 . _ -')
    }
    const scopes = parseScopes(values.scopes ?? '')
    if (!scopes) throw new CliUsageError('--scopes must list one or more of check, login, admin')
    const driver = openSqliteDriver(config.dbFile)
    try {
      const now = systemClock.now()
      await ensureTenant(
        driver.db,
        { id: values.tenant, serviceName: values['service-name'] ?? null },
        now,
      )
      const { id, key } = generateApiKey(webCryptoRandom)
      const tenantId = values.tenant
      const label = values.label ?? null
      const { statement, record } = await apiKeyInsert(driver.db, {
        id,
        key,
        tenantId,
        scopes,
        label,
        now,
      })
      const audit = { actor: 'cli', target: id, details: { scopes }, at: now }
      await writeAudited(
        { driver, settings: { secret: cliSecret(config, logger) } },
        { tenantId, action: 'api_key.created', ...audit },
        { before: [statement] },
      )
      io.stderr(
        `created key ${record.id} for tenant ${record.tenantId} with scopes ${scopes.join(',')}\n`,
      )
      io.stderr('store it now: it is shown only once and only its hash is kept\n')
      io.stdout(`${key}\n`)
      return 0
    } finally {
      driver.close()
    }
  },
}

export const keysListCommand: CliCommand = {
  name: ['keys', 'list'],
  summary: "list a tenant's keys (ids, scopes, dates; never the keys)",
  usage: 'pwguard keys list --tenant ID',
  async run(args, { config, io }) {
    const { values } = parseArgs({ args, options: { tenant: { type: 'string' } } })
    if (!values.tenant) throw new CliUsageError('--tenant is required')
    const driver = openSqliteDriver(config.dbFile)
    try {
      for (const key of await listApiKeys(driver.db, values.tenant)) {
        const state = key.revokedAt ? `revoked ${new Date(key.revokedAt).toISOString()}` : 'active'
        io.stdout(`${key.id}\t${key.scopes.join(',')}\t${state}\t${key.label ?? ''}\n`)
      }
      return 0
    } finally {
      driver.close()
    }
  },
}

export const keysRevokeCommand: CliCommand = {
  name: ['keys', 'revoke'],
  summary: 'revoke a key by id; effective on the next request',
  usage: 'pwguard keys revoke --tenant ID --id KEY_ID',
  async run(args, { config, io, logger }) {
    const { values } = parseArgs({
      args,
      options: { tenant: { type: 'string' }, id: { type: 'string' } },
    })
    if (!values.tenant || !values.id) throw new CliUsageError('--tenant and --id are required')
    const driver = openSqliteDriver(config.dbFile)
    try {
      const at = systemClock.now()
      const target = { tenantId: values.tenant, id: values.id }
      const { active, update } = apiKeyRevocation(driver.db, { ...target, now: at })
      const audit = { actor: 'cli', action: 'api_key.revoked', target: values.id, at }
      // Revocation and its entry commit together, and only if the key was active.
      const logged = await writeAudited(
        { driver, settings: { secret: cliSecret(config, logger) } },
        { tenantId: values.tenant, ...audit },
        { onlyIf: active, after: [update] },
      )
      const revoked = logged !== null
      io.stderr(
        revoked ? `revoked ${values.id}\n` : `no active key ${values.id} for ${values.tenant}\n`,
      )
      return revoked ? 0 : 1
    } finally {
      driver.close()
    }
  },
}

/** The service secret (it keys the audit chain), as the server finds it. */
function cliSecret(config: NodeConfig, logger: Logger): Uint8Array {
  return loadNodeSecret(config, logger)
}

import { parseArgs } from 'node:util'
import { apiKeyRow, listApiKeys } from '../auth/api-key-store.js'
import { generateApiKey } from '../auth/api-key.js'
import { parseScopes } from '../auth/scopes.js'
import { checkAuditEntry } from '../audit/audit-insert.js'
import { loadNodeSecret } from './cli-node-context.js'
import { systemClock } from '../ports/clock.js'
import { webCryptoRandom } from '../ports/random.js'
import { CliUsageError, type CliCommand } from './cli-command.js'
import { openCliStores } from './open-cli-stores.js'

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
    const { stores, close } = await openCliStores(config, loadNodeSecret(config, logger))
    try {
      const now = systemClock.now()
      const tenantId = values.tenant
      const serviceName = values['service-name'] ?? null
      await stores.tenantKeys.ensureTenant({ id: tenantId, name: tenantId, serviceName }, now)
      const { id, key } = generateApiKey(webCryptoRandom)
      const label = values.label ?? null
      const row = await apiKeyRow({ id, key, tenantId, scopes, label, now })
      const entry = checkAuditEntry({
        tenantId,
        actor: 'cli',
        action: 'api_key.created',
        target: id,
        details: { scopes },
        at: now,
      })
      // The key and its audit entry commit together.
      await stores.apiKeyAdmin.create(row, entry)
      io.stderr(`created key ${id} for tenant ${tenantId} with scopes ${scopes.join(',')}\n`)
      io.stderr('store it now: it is shown only once and only its hash is kept\n')
      io.stdout(`${key}\n`)
      return 0
    } finally {
      await close()
    }
  },
}

export const keysListCommand: CliCommand = {
  name: ['keys', 'list'],
  summary: "list a tenant's keys (ids, scopes, dates; never the keys)",
  usage: 'pwguard keys list --tenant ID',
  async run(args, { config, io, logger }) {
    const { values } = parseArgs({ args, options: { tenant: { type: 'string' } } })
    if (!values.tenant) throw new CliUsageError('--tenant is required')
    const { stores, close } = await openCliStores(config, loadNodeSecret(config, logger))
    try {
      for (const key of await listApiKeys(stores.tenantKeys, values.tenant)) {
        const state = key.revokedAt ? `revoked ${new Date(key.revokedAt).toISOString()}` : 'active'
        io.stdout(`${key.id}\t${key.scopes.join(',')}\t${state}\t${key.label ?? ''}\n`)
      }
      return 0
    } finally {
      await close()
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
    const { stores, close } = await openCliStores(config, loadNodeSecret(config, logger))
    try {
      const at = systemClock.now()
      const target = { tenantId: values.tenant, id: values.id }
      const entry = checkAuditEntry({
        tenantId: values.tenant,
        actor: 'cli',
        action: 'api_key.revoked',
        target: values.id,
        at,
      })
      // Revocation and its entry commit together, and only if the key was active.
      const revoked = await stores.apiKeyAdmin.revoke({ ...target, now: at }, entry)
      io.stderr(
        revoked ? `revoked ${values.id}\n` : `no active key ${values.id} for ${values.tenant}\n`,
      )
      return revoked ? 0 : 1
    } finally {
      await close()
    }
  },
}

import { parseArgs } from 'node:util'
import { checkAuditEntry } from '../audit/audit-insert.js'
import { loadNodeSecret } from './cli-node-context.js'
import { systemClock } from '../ports/clock.js'
import { tenantPolicyPatch } from '../tenants/tenant-policy-routes.js'
import { tenantPolicyChange, tenantPolicyView } from '../tenants/tenant-policy-store.js'
import { CliUsageError, type CliCommand } from './cli-command.js'
import { openCliStores } from './open-cli-stores.js'

/**
 * `pwguard tenant policy`: the same settings and validation as GET/PUT /v1/tenant/policy, for
 * operators without an admin key at hand. Without --set it only prints the policy.
 */
export const tenantPolicyCommand: CliCommand = {
  name: ['tenant', 'policy'],
  summary: "show or change a tenant's policy (breach actions, threshold, upstream fail, digest)",
  usage:
    'pwguard tenant policy --tenant ID [--set \'{"breachActions":{"login":"block"},"breachDigest":"daily"}\']',
  async run(args, { config, io, logger }) {
    const { values } = parseArgs({
      args,
      options: { tenant: { type: 'string' }, set: { type: 'string' } },
    })
    if (!values.tenant) throw new CliUsageError('--tenant is required')
    const patch = values.set === undefined ? null : parsePatch(values.set)
    const secret = loadNodeSecret(config, logger)
    const { stores, close } = await openCliStores(config, secret)
    try {
      let tenant = await stores.tenantKeys.findTenant(values.tenant)
      if (!tenant) {
        io.stderr(`no tenant ${values.tenant}\n`)
        return 1
      }
      if (patch) {
        const { set, after } = tenantPolicyChange(tenant, patch)
        const entry = checkAuditEntry({
          tenantId: tenant.id,
          actor: 'cli',
          action: 'tenant.policy_set',
          details: { changed: Object.keys(patch).sort() },
          at: systemClock.now(),
        })
        await stores.tenantSettings.update(tenant.id, set, entry)
        tenant = after
      }
      io.stdout(`${JSON.stringify(tenantPolicyView(config.policy, tenant), null, 2)}\n`)
      return 0
    } finally {
      await close()
    }
  },
}

function parsePatch(text: string) {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new CliUsageError('--set takes a JSON object, as PUT /v1/tenant/policy does')
  }
  const parsed = tenantPolicyPatch.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new CliUsageError(`--set: ${issue?.path.join('.') || 'body'}: ${issue?.message ?? ''}`)
  }
  return parsed.data
}

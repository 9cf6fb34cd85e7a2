import { parseArgs } from 'node:util'
import { writeAudited } from '../audit/append-audit.js'
import { loadNodeSecret } from '../entry/node-files.js'
import { systemClock } from '../ports/clock.js'
import { openSqliteDriver } from '../store/sqlite-driver.js'
import { tenantPolicyPatch } from '../tenants/tenant-policy-routes.js'
import { tenantPolicyUpdate, tenantPolicyView } from '../tenants/tenant-policy-store.js'
import { findTenant } from '../tenants/tenant-store.js'
import { CliUsageError, type CliCommand } from './cli-command.js'

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
    const driver = openSqliteDriver(config.dbFile)
    try {
      let tenant = await findTenant(driver.db, values.tenant)
      if (!tenant) {
        io.stderr(`no tenant ${values.tenant}\n`)
        return 1
      }
      if (patch) {
        const { statement, after } = tenantPolicyUpdate(driver.db, tenant, patch)
        const secret = loadNodeSecret(config, logger)
        await writeAudited(
          { driver, settings: { secret } },
          {
            tenantId: tenant.id,
            actor: 'cli',
            action: 'tenant.policy_set',
            details: { changed: Object.keys(patch).sort() },
            at: systemClock.now(),
          },
          { before: statement ? [statement] : [] },
        )
        tenant = after
      }
      io.stdout(`${JSON.stringify(tenantPolicyView(config.policy, tenant), null, 2)}\n`)
      return 0
    } finally {
      driver.close()
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

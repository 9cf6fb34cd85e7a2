import { writeAudited, type AuditDeps } from '../audit/append-audit.js'
import { flagForReset } from '../accounts/account-store.js'
import type { BreachAction } from '../tenants/breach-actions.js'
import { resolveBreachDigest } from '../tenants/breach-actions.js'
import type { Tenant } from '../tenants/tenant-store.js'
import { outboxInsert } from '../webhooks/outbox-insert.js'
import { writeBreachDigest } from './breach-digest.js'
import { recordBreachFlag, type FlagMoment } from './breach-flags.js'

export interface BreachReaction {
  tenant: Tenant
  externalId: string
  /** When the current password was set (passwordChangedAt, else createdAt). */
  passwordEpoch: number
  moment: FlagMoment
  action: BreachAction
  breachCount: number
  now: number
}

/**
 * What a tenant's breach action does to an account whose password was just found breached.
 * `block` and `require_reset` flag the account for reset (block: the site must not let it in,
 * and login refuses it until a reset). `notify` writes an `account.password_breached` event,
 * `log` an audit entry; both once per password, as the flag row is new only once. A newly
 * flagged account also goes to the admin digest (at once in `immediate` mode).
 */
export async function reactToBreach(deps: AuditDeps, input: BreachReaction): Promise<void> {
  const { tenant, externalId, action, now } = input
  const tenantId = tenant.id
  if (action === 'block' || action === 'require_reset') {
    await flagForReset(deps.driver.db, { tenantId, externalId, reason: 'password_breached', now })
  }
  const isNew = await recordBreachFlag(deps.driver.db, { ...input, tenantId })
  if (!isNew) return
  const data = { externalId, moment: input.moment, action, breachCount: input.breachCount }
  if (action === 'notify') {
    const { statement } = outboxInsert(deps.driver.db, {
      tenantId,
      type: 'account.password_breached',
      data,
      now,
    })
    await deps.driver.batch([statement])
  }
  if (action === 'log') {
    await writeAudited(deps, {
      tenantId,
      actor: 'system',
      action: 'account.password_breached',
      target: externalId,
      details: { moment: input.moment, action, breachCount: input.breachCount },
      at: now,
    })
  }
  if (resolveBreachDigest(tenant) === 'immediate') {
    await writeBreachDigest(deps.driver, { tenantId, mode: 'immediate', now })
  }
}

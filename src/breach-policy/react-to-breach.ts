import { checkAuditEntry } from '../audit/audit-insert.js'
import type { StorePorts } from '../store/ports/store-ports.js'
import { resolveBreachDigest } from '../tenants/breach-actions.js'
import type { Tenant } from '../tenants/tenant-store.js'
import { outboxEvent } from '../webhooks/outbox-event.js'
import { writeBreachDigest } from './breach-digest.js'
import { recordBreachFlag, type BreachFlagInput } from './breach-flags.js'

/** The stores a breach action writes to. */
export type BreachReactionStores = Pick<
  StorePorts,
  'accounts' | 'breachPolicy' | 'outbox' | 'audit'
>

/** The flag's facts, with the tenant row (its digest mode) in place of its id. */
export interface BreachReaction extends Omit<BreachFlagInput, 'tenantId'> {
  tenant: Tenant
}

/**
 * What a tenant's breach action does to an account whose password was just found breached.
 * `block` and `require_reset` flag the account for reset (block: the site must not let it in,
 * and login refuses it until a reset). `notify` writes an `account.password_breached` event,
 * `log` an audit entry; both once per password, as the flag row is new only once. A newly
 * flagged account also goes to the admin digest (at once in `immediate` mode). The writes go
 * through the entry's store ports when it passed them (PostgreSQL), else SQLite's.
 */
export async function reactToBreach(
  deps: { stores: BreachReactionStores },
  input: BreachReaction,
): Promise<void> {
  const { tenant, externalId, action, now } = input
  const tenantId = tenant.id
  const stores = deps.stores
  if (action === 'block' || action === 'require_reset') {
    await stores.accounts.flagForReset({ tenantId, externalId, reason: 'password_breached', now })
  }
  const isNew = await recordBreachFlag(stores.breachPolicy, { ...input, tenantId })
  if (!isNew) return
  const data = { externalId, moment: input.moment, action, breachCount: input.breachCount }
  if (action === 'notify') {
    await stores.outbox.enqueue(
      outboxEvent({ tenantId, type: 'account.password_breached', data, now }),
    )
  }
  if (action === 'log') {
    await stores.audit.append(
      checkAuditEntry({
        tenantId,
        actor: 'system',
        action: 'account.password_breached',
        target: externalId,
        details: { moment: input.moment, action, breachCount: input.breachCount },
        at: now,
      }),
    )
  }
  if (resolveBreachDigest(tenant) === 'immediate') {
    await writeBreachDigest(stores.breachPolicy, { tenantId, mode: 'immediate', now })
  }
}

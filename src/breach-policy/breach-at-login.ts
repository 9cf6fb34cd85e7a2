import type { AccountRow } from '../accounts/account-store.js'
import type { PolicyDefaults } from '../app/deps.js'
import type { BreachLookup } from '../breach/breach-lookup.js'
import { resolveBreachActions, type BreachAction } from '../tenants/breach-actions.js'
import type { Tenant } from '../tenants/tenant-store.js'
import { reactToBreach, type BreachReactionStores } from './react-to-breach.js'

export interface BreachAtLoginDeps {
  /** The store ports the breach reaction writes through (flags, audit, outbox). */
  audit: { stores: BreachReactionStores }
  breach: BreachLookup
  policy: PolicyDefaults
}

/**
 * The breach step of a successful login, under the tenant's `login` action and threshold.
 * Returns the action taken, or null when the password is not (or not often enough) breached.
 * An account already flagged `password_breached` is not looked up again: its flag stands
 * (block keeps refusing, anything else reports `require_reset`) until a reset clears it.
 * `reasons` gains `password_breached` when the action flags the account.
 */
export async function breachAtLogin(
  deps: BreachAtLoginDeps,
  input: {
    tenant: Tenant
    account: AccountRow
    password: string
    reasons: Set<string>
    now: number
  },
): Promise<BreachAction | null> {
  const action = resolveBreachActions(input.tenant).login
  if (input.reasons.has('password_breached')) return action === 'block' ? 'block' : 'require_reset'
  const threshold = input.tenant.breachCountThreshold ?? deps.policy.breachThreshold
  const { count } = await deps.breach.lookupPassword(input.password)
  if (count === 0 || count < threshold) return null
  const { account } = input
  await reactToBreach(deps.audit, {
    tenant: input.tenant,
    externalId: account.externalId,
    passwordEpoch: account.passwordChangedAt ?? account.createdAt,
    moment: 'login',
    action,
    breachCount: count,
    now: input.now,
  })
  if (action === 'block' || action === 'require_reset') input.reasons.add('password_breached')
  return action
}

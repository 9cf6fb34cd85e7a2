import type { BreachPolicyStore } from '../store/ports/breach-policy-store.js'
import type { BreachAction } from '../tenants/breach-actions.js'

export type FlagMoment = 'signup' | 'password_change' | 'login'

export interface BreachFlagInput {
  tenantId: string
  externalId: string
  /** When the current password was set (passwordChangedAt, else createdAt): one flag per password. */
  passwordEpoch: number
  moment: FlagMoment
  action: BreachAction
  breachCount: number
  now: number
}

/**
 * Records that this account's current password was found breached. Returns true only the first
 * time for this password (the flag's key includes its epoch), so webhooks, audit entries and
 * digests fire once per password, not on every login with it.
 */
export function recordBreachFlag(
  store: Pick<BreachPolicyStore, 'recordFlag'>,
  input: BreachFlagInput,
): Promise<boolean> {
  const { tenantId, externalId, passwordEpoch, moment, action, breachCount } = input
  return store.recordFlag({
    ...{ tenantId, externalId, passwordEpoch, moment, action, breachCount },
    flaggedAt: input.now,
  })
}

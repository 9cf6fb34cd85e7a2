import type { ThrottleKey, ThrottleStore } from '../store/ports/throttle-store.js'
import { ACCOUNT_RULE, IP_RULE, throttlePlan } from './login-throttle.js'

/** An attempt that passed the throttle; it already counts as a failure until `succeeded()`. */
export interface ReservedAttempt {
  /** The password verified: clear the account counter, give the IP its attempt back. */
  succeeded(): Promise<void>
  /** Nothing was verified (e.g. 503 overloaded): give both reservations back. */
  abandoned(): Promise<void>
}

export type AttemptGate = { kind: 'throttled'; retryAfterMs: number } | ReservedAttempt

export interface AttemptInput {
  tenantId: string
  accountSubject: string
  ipSubject: string | null
  now: number
}

/**
 * Reserves one password attempt on the account counter and, when the site passed the end
 * user's address, on that address's counter (already normalized by `ipThrottleSubject`).
 * Login and password change by current password share these counters, so neither is a way
 * around the other's budget. A refused reservation on one counter gives the other one back.
 */
export async function reserveAttempt(
  throttle: ThrottleStore,
  input: AttemptInput,
): Promise<AttemptGate> {
  const account: ThrottleKey = { tenantId: input.tenantId, subject: input.accountSubject }
  const ip: ThrottleKey | null = input.ipSubject
    ? { tenantId: input.tenantId, subject: input.ipSubject }
    : null
  const accountPlan = throttlePlan(ACCOUNT_RULE, input.now)
  const ipPlan = throttlePlan(IP_RULE, input.now)
  if (ip) {
    const reserved = await throttle.reserve(ip, ipPlan)
    if (reserved.kind === 'blocked') return { kind: 'throttled', retryAfterMs: reserved.waitMs }
  }
  const reserved = await throttle.reserve(account, accountPlan)
  if (reserved.kind === 'blocked') {
    if (ip) await throttle.giveBack(ip, ipPlan)
    return { kind: 'throttled', retryAfterMs: reserved.waitMs }
  }
  return {
    async succeeded() {
      await throttle.release(account)
      if (ip) await throttle.giveBack(ip, ipPlan)
    },
    async abandoned() {
      await throttle.giveBack(account, accountPlan)
      if (ip) await throttle.giveBack(ip, ipPlan)
    },
  }
}

/** The account counter's subject: the account when known, else what the caller named. */
export const accountSubject = (identifier: string) => `account:${identifier}`

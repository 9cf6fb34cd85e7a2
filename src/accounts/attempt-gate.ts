import type { Database } from '../store/database.js'
import {
  ACCOUNT_RULE,
  IP_RULE,
  clearFailures,
  releaseAttempt,
  reserveAttempt,
  type ThrottleInput,
} from './login-throttle.js'

/** An attempt that passed the throttle; it already counts as a failure until `succeeded()`. */
export interface ReservedAttempt {
  /** The password verified: clear the account counter, give the IP its attempt back. */
  succeeded(): Promise<void>
  /** Nothing was verified (e.g. 503 overloaded): give both reservations back. */
  abandoned(): Promise<void>
}

export type AttemptGate = { kind: 'throttled'; retryAfterMs: number } | ReservedAttempt

/**
 * Reserves one password attempt on the account counter and, when the site passed the end
 * user's address, on that address's counter (already normalised by `ipThrottleSubject`).
 * Login and password change by current password share these counters, so neither is a way
 * around the other's budget. A refused reservation on one counter gives the other one back.
 */
export async function reservePasswordAttempt(
  db: Database,
  input: { tenantId: string; accountSubject: string; ipSubject: string | null; now: number },
): Promise<AttemptGate> {
  const base = { tenantId: input.tenantId, now: input.now }
  const account: ThrottleInput = { ...base, subject: input.accountSubject, rule: ACCOUNT_RULE }
  const ip: ThrottleInput | null = input.ipSubject
    ? { ...base, subject: input.ipSubject, rule: IP_RULE }
    : null
  const ipWait = ip ? await reserveAttempt(db, ip) : 0
  if (ipWait > 0) return { kind: 'throttled', retryAfterMs: ipWait }
  const accountWait = await reserveAttempt(db, account)
  if (accountWait > 0) {
    if (ip) await releaseAttempt(db, ip)
    return { kind: 'throttled', retryAfterMs: accountWait }
  }
  return {
    async succeeded() {
      await clearFailures(db, input.tenantId, input.accountSubject)
      if (ip) await releaseAttempt(db, ip)
    },
    async abandoned() {
      await releaseAttempt(db, account)
      if (ip) await releaseAttempt(db, ip)
    },
  }
}

/** The account counter's subject: the account when known, else what the caller named. */
export const accountSubject = (identifier: string) => `account:${identifier}`

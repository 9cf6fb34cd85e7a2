/**
 * Port for login throttling (NIST SP 800-63B-4 §3.2.2) across instances: an attempt is
 * reserved before the password is verified, in one conditional upsert, so concurrent guesses on
 * any number of instances cannot all slip through before a counter is written.
 */
export interface ThrottleKey {
  tenantId: string
  /** `account:<externalId>` or `ip:<address>`. */
  subject: string
}

/** The throttle rule as the storage statement evaluates it; finite numbers only. */
export interface ReservePlan {
  now: number
  /** Failures recorded before this instant are forgotten (the rule's window). */
  staleBefore: number
  freeFailures: number
  baseDelayMs: number
  maxDelayMs: number
  /** At this many counted attempts, block for `hardBlockMs` (until cleared). */
  hardLimit: number
  hardBlockMs: number
}

export type Reservation =
  { kind: 'reserved'; failures: number } | { kind: 'blocked'; waitMs: number }

export interface ThrottleStore {
  /**
   * Counts the attempt as a failure and sets the next wait, only if the subject is not blocked
   * now; one statement, so two instances can never both take the last free attempt.
   */
  reserve(key: ThrottleKey, plan: ReservePlan): Promise<Reservation>
  /** A successful login gives the reservation back: the counter is cleared. */
  release(key: ThrottleKey): Promise<void>
  /**
   * Gives one reservation back that was not a failed guess (a success seen by the per-IP
   * counter, or an attempt nothing verified): the count drops by one and the wait shrinks to
   * what the remaining count earns. Concurrent reservations keep theirs: each counted itself.
   */
  giveBack(key: ThrottleKey, plan: ReservePlan): Promise<void>
  /** Milliseconds the subject must still wait; 0 when it may try now. */
  waitMs(key: ThrottleKey, now: number): Promise<number>
}

/** The largest attempt count a plan carries (PostgreSQL `integer`); an infinite limit maps here. */
export const UNLIMITED_ATTEMPTS = 2_147_483_647

/** Builds a plan from a rule that may say "no hard limit" with Infinity. */
export function reservePlan(
  rule: {
    freeFailures: number
    baseDelayMs: number
    maxDelayMs: number
    windowMs: number
    hardLimit: number
  },
  now: number,
  hardBlockMs: number,
): ReservePlan {
  return {
    now,
    staleBefore: now - rule.windowMs,
    freeFailures: rule.freeFailures,
    baseDelayMs: rule.baseDelayMs,
    maxDelayMs: rule.maxDelayMs,
    hardLimit: Math.min(rule.hardLimit, UNLIMITED_ATTEMPTS),
    hardBlockMs,
  }
}

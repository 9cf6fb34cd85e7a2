import { reservePlan, type ReservePlan } from '../store/ports/throttle-store.js'

/**
 * NIST SP 800-63B-4 §3.2.2 throttling. Per account: free attempts, then exponential backoff,
 * and a hard stop at 100 consecutive failures (cleared by a successful login or a reset).
 * Per end-user IP: a larger budget in a sliding window, then backoff, so one address cannot
 * spray passwords across many accounts.
 *
 * An attempt is counted *before* the password is verified (a reservation), in the same
 * statement that checks the block (the ThrottleStore port): checking and counting in two steps
 * let a burst of concurrent guesses all pass the check before any of them was counted.
 */
export interface ThrottleRule {
  freeFailures: number
  baseDelayMs: number
  maxDelayMs: number
  /** Failures older than this are forgotten. */
  windowMs: number
  /** At this many consecutive failures, block until cleared (NIST: at most 100). */
  hardLimit: number
}

export const ACCOUNT_RULE: ThrottleRule = {
  freeFailures: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 15 * 60_000,
  windowMs: 24 * 60 * 60_000,
  hardLimit: 100,
}

export const IP_RULE: ThrottleRule = {
  freeFailures: 20,
  baseDelayMs: 1_000,
  maxDelayMs: 60 * 60_000,
  windowMs: 60 * 60_000,
  hardLimit: Number.POSITIVE_INFINITY,
}

/** Effectively "until cleared": far enough that Retry-After tells the client to stop. */
const HARD_BLOCK_MS = 365 * 24 * 60 * 60_000

export function delayAfter(failures: number, rule: ThrottleRule): number {
  if (failures >= rule.hardLimit) return HARD_BLOCK_MS
  if (failures < rule.freeFailures) return 0
  return Math.min(rule.maxDelayMs, rule.baseDelayMs * 2 ** (failures - rule.freeFailures))
}

/** The rule as the throttle store evaluates it at `now`. */
export function throttlePlan(rule: ThrottleRule, now: number): ReservePlan {
  return reservePlan(rule, now, HARD_BLOCK_MS)
}

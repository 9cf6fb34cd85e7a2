import type { Random } from '../ports/random.js'

export const RETRY_BASE_MS = 10_000
export const RETRY_CAP_MS = 6 * 60 * 60_000
/** Retries stop once an event is this old: about 3 days, like Stripe's. */
export const RETRY_GIVE_UP_AFTER_MS = 3 * 24 * 60 * 60_000

/**
 * Delay before the next attempt after `attempts` failed ones: 10 s · 2^(attempts-1), capped at
 * 6 h, with "equal jitter" (half fixed, half random) so receivers recovering from an outage are
 * not hit by every queued event in the same second, yet the delay never collapses to zero.
 */
export function retryDelayMs(attempts: number, random: Random): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 30))
  const ceiling = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** exponent)
  const [a = 0, b = 0] = random.bytes(2)
  const fraction = (a * 256 + b) / 65_536
  return Math.round(ceiling / 2 + (ceiling / 2) * fraction)
}

/** The time of the next attempt, or null when retries should stop (the event is too old). */
export function nextAttemptAt(input: {
  attempts: number
  createdAt: number
  now: number
  random: Random
}): number | null {
  const at = input.now + retryDelayMs(input.attempts, input.random)
  return at - input.createdAt > RETRY_GIVE_UP_AFTER_MS ? null : at
}

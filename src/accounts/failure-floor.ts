/**
 * Makes every failed password attempt take the same time, whatever the account's hash family,
 * whether the account exists, and however the verify ran (in-thread, on a worker, queued).
 * Equal work cannot be arranged in general: an unknown e-mail has no hash family to imitate,
 * and a bcrypt or PBKDF2 account costs what its imported parameters say. So a failure is
 * answered no earlier than a floor:
 *
 * - a configured minimum, timed from the start of the attempt (a timer, so it also holds on
 *   Workers, whose clock stands still while code computes);
 * - at least `MARGIN` × the slowest failure this instance measured, that peak halving every
 *   `HALF_LIFE_MS`, so the floor follows the deployment's own slowest hashes (a rare bcrypt
 *   account among argon2 ones included) without anyone configuring them, and a load spike
 *   does not pad failures for ever.
 *
 * Only a failure slower than the decayed peak (by more than the margin) stands out: a slow
 * family shows at most once per half-life, then its failures look like all the others.
 */
export interface FailureFloor {
  /** Call before any work that depends on the account; `fail()` before answering a failure. */
  start(): FailureTimer
  /** The floor a failure would be padded to now, in ms. */
  currentMs(): number
}

export interface FailureTimer {
  fail(): Promise<void>
  /** The attempt succeeded: no padding, drop the timer. */
  done(): void
}

const HALF_LIFE_MS = 15 * 60_000
const MARGIN = 1.25
/** A floor beyond this would hold connections for no benefit (cost bounds stop far below). */
const MAX_FLOOR_MS = 10_000

export function createFailureFloor(
  options: { minimumMs?: number; adaptive?: boolean } = {},
): FailureFloor {
  const { minimumMs = 0, adaptive = true } = options
  let peakMs = 0
  let peakAt = 0
  const decayedPeak = () => peakMs * 0.5 ** ((performance.now() - peakAt) / HALF_LIFE_MS)
  const adaptiveMs = () => (adaptive ? Math.min(MAX_FLOOR_MS, MARGIN * decayedPeak()) : 0)
  const record = (ms: number) => {
    peakMs = Math.max(decayedPeak(), ms)
    peakAt = performance.now()
  }
  return {
    currentMs: () => Math.max(minimumMs, adaptiveMs()),
    start() {
      const started = performance.now()
      const minimum = minimumMs > 0 ? sleep(minimumMs) : null
      return {
        async fail() {
          const elapsed = performance.now() - started
          record(elapsed)
          await Promise.all([minimum?.promise, sleep(adaptiveMs() - elapsed).promise])
        },
        done: () => minimum?.cancel(),
      }
    },
  }
}

function sleep(ms: number): { promise: Promise<void>; cancel(): void } {
  if (ms <= 0) return { promise: Promise.resolve(), cancel: () => {} }
  let timer: ReturnType<typeof setTimeout> | undefined
  const promise = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms)
  })
  return { promise, cancel: () => clearTimeout(timer) }
}

/**
 * A CPU budget per API key for the hashing it makes pwguard do through /v1/hashes/verify: a
 * token bucket of `msPerMinute` CPU-milliseconds that refills continuously. A verify reserves
 * its estimated cost before it runs (so concurrent requests cannot overdraw together); a verify
 * that never ran (shed as overloaded) is settled at zero. One key can thus use at most its
 * share of the pool, however it picks hash costs; beyond that it gets 429 with Retry-After.
 * The cost is the calibrated CPU estimate (src/hashing/cost-table.ts), not wall time: on a
 * busy machine wall time would bill one tenant for everyone else's load.
 */
export interface VerifyCostBudget {
  reserve(keyId: string, estimateMs: number): BudgetReservation
}

export type BudgetReservation =
  { ok: true; settle(actualMs: number): void } | { ok: false; retryAfterSeconds: number }

/** Keys tracked at once; the least recently used is dropped (it restarts with a full bucket). */
const MAX_TRACKED_KEYS = 10_000

export function createVerifyCostBudget(options: {
  msPerMinute: number
  now: () => number
}): VerifyCostBudget {
  const { msPerMinute, now } = options
  const perMs = msPerMinute / 60_000
  const buckets = new Map<string, { tokens: number; at: number }>()
  const current = (keyId: string) => {
    const t = now()
    const bucket = buckets.get(keyId) ?? { tokens: msPerMinute, at: t }
    bucket.tokens = Math.min(msPerMinute, bucket.tokens + (t - bucket.at) * perMs)
    bucket.at = t
    buckets.delete(keyId)
    buckets.set(keyId, bucket)
    if (buckets.size > MAX_TRACKED_KEYS) buckets.delete(buckets.keys().next().value as string)
    return bucket
  }
  return {
    reserve(keyId, estimateMs) {
      const bucket = current(keyId)
      // A cost above the whole bucket is still admitted from a full one, never starved forever.
      const needed = Math.min(estimateMs, msPerMinute)
      if (bucket.tokens < needed) {
        return {
          ok: false,
          retryAfterSeconds: Math.max(1, Math.ceil((needed - bucket.tokens) / perMs / 1000)),
        }
      }
      bucket.tokens -= estimateMs
      return {
        ok: true,
        settle: (actualMs) => {
          const settled = current(keyId)
          settled.tokens = Math.min(msPerMinute, settled.tokens + estimateMs - actualMs)
        },
      }
    },
  }
}

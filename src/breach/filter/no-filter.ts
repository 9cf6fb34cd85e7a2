import type { BreachFilter } from '../range-reader.js'

/**
 * The filter when the operator turns it off (`PWGUARD_CORPUS_FILTER=off`, for lack of RAM: a
 * full HIBP filter is ~1.8 GB): every digest "might" be there, so every lookup reads its exact
 * range. Answers stay exact; only the latency of a miss changes (one range read instead of a
 * filter probe).
 */
export function createNoFilter(): BreachFilter {
  return { mightContain: () => true, add: () => {} }
}

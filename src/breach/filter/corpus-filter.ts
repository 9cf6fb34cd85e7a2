import type { DigestBloomFilter } from './digest-bloom-filter.js'
import type { DigestFuseFilter } from './digest-fuse-filter.js'

/** The two filters a corpus can carry; both test raw digests (first 12 bytes) and hex. */
export type CorpusFilter = DigestBloomFilter | DigestFuseFilter
export type FilterKind = 'bloom' | 'fuse'

/**
 * From this many digests up the build picks the binary fuse filter (scripts/bench/
 * filter-choice.ts at 5 × 10^8: 1.15 vs 1.80 bytes per digest, faster lookups, built
 * cache-friendly from sorted input). Below it the Bloom stays: its FPR is lower (0.1 % vs
 * 0.39 %), its size small, and its file is the one the Worker loads (which skips any filter
 * above 32 MB, below this size for either kind).
 */
export const FUSE_FROM_ITEMS = 2 ** 25

/** The filter kind for `items` digests when the operator did not pick one. */
export function filterKindFor(items: number, requested: FilterKind | 'auto' = 'auto'): FilterKind {
  if (requested !== 'auto') return requested
  return items >= FUSE_FROM_ITEMS ? 'fuse' : 'bloom'
}

import type { CorpusFilter, FilterKind } from '../../filter/corpus-filter.js'
import type { HashMode } from '../../range-reader.js'
import type { BuildProgress } from './build-progress-node.js'
import type { ManifestSource } from '../corpus-format.js'
import type { CorpusSourceSpec } from './corpus-sources-node.js'
import type { WrittenRangeStore } from './range-store-writer-node.js'

// The types the builder and its two build paths (sorted stream, spool) share, in a module of
// their own so neither path imports the builder that imports it.
export interface BuildCorpusOptions {
  out: string
  sources: CorpusSourceSpec[]
  /** Target false-positive rate of the filter. */
  fpr: number
  progress: BuildProgress
  /** Random digests used to measure the filter's FPR for the manifest. */
  fprSample?: number
  /**
   * 'auto' (default) streams one sorted HIBP input per mode straight into the store (see
   * sorted-corpus-build-node.ts) and spools otherwise; 'spool' always spools (tests, bench).
   */
  strategy?: 'auto' | 'spool'
  /** Store every range preformatted (`M.body`, `M.bidx`) for one-read cold /range. Default on. */
  rangeBodies?: boolean
  /** 'auto' (default): Bloom below FUSE_FROM_ITEMS digests, binary fuse from there. */
  filterKind?: FilterKind | 'auto'
}

/** What either build path hands to the manifest step. */
export interface BuiltStores {
  sources: ManifestSource[]
  stores: Map<HashMode, WrittenRangeStore>
  /** SHA-1 digests read (duplicates included): what the filter is sized for. */
  pushed: number
  /** Filled with every distinct SHA-1 digest; sizedFilter() decides whether it is kept. */
  filter: CorpusFilter
}

/**
 * The breach corpus as the range API and the check see it. One adapter per runtime reads the
 * built artefacts (files on Node; R2/KV/assets on Workers); tests use the in-memory one.
 */
export type HashMode = 'sha1' | 'ntlm'

/** What identifies the corpus a range was served from: changes when any range may change. */
export interface CorpusVersion {
  /** Stable for identical artefacts on every instance (file corpus: from its checksums). */
  id: string
  /** When this version was built or switched to, in ms since the epoch. */
  modifiedAt: number
}

/** One row of a range: the hash without its 5-hex prefix (uppercase) and its breach count. */
export interface RangeEntry {
  suffix: string
  count: number
}

/**
 * The range store port (the `CorpusSource`'s exact half). Adapters: `createMemoryCorpus`
 * (memory-corpus.ts, tests and live additions), `openFileCorpus` (corpus/read/, Node files),
 * `openR2RangeReader` (corpus/read/, Workers), optionally behind `withEdgeCache`.
 *
 * @example
 * const { reader, filter } = openFileCorpus({ dir: 'data/corpus', logger })
 * const sha1 = 'CBFDAC6008F9CAB4083784CBD1874F76618D2A97' // SHA-1 of "password123"
 * if (filter.mightContain(sha1)) {
 *   const rows = await reader.read('sha1', sha1.slice(0, 5)) // [{ suffix, count }, …]
 *   const hit = rows.find((row) => row.suffix === sha1.slice(5)) // exact second stage
 * }
 */
export interface RangeReader {
  /** Which hash families the corpus holds (always sha1; ntlm when built with it). */
  readonly modes: ReadonlySet<HashMode>
  /** The largest number of rows any one prefix holds, per mode, for uniform padding. */
  maxRangeRows(mode: HashMode): number
  /** Rows for one uppercase 5-hex prefix, sorted by suffix; [] when none. */
  read(mode: HashMode, prefix: string): Promise<RangeEntry[]>
  /**
   * Optional fast path for the range route: the same rows already formatted as the response
   * body (`SUFFIX:COUNT` joined by CRLF, no trailing CRLF; empty when the prefix has none),
   * straight from the stored records. Same mode/prefix rules as `read`. Synchronous on Node
   * (one positional read, or a view of the memory-mapped body file); a Promise where storage
   * is remote (R2 on Workers).
   */
  readBody?(mode: HashMode, prefix: string): Uint8Array | Promise<Uint8Array>
  /**
   * True when `readBody` answers views of memory-mapped files: such a body costs no read, the
   * page cache already holds it, and copying it into a body cache would cost what it saves.
   */
  readonly mapsBodies?: boolean
  /**
   * A number that changes whenever any range may have changed (live additions). Readers of
   * immutable artefacts omit it; caches of formatted bodies must drop everything when it moves.
   */
  generation?(): number
  /**
   * The artefacts' identity, for the range API's ETag and Last-Modified. It changes when the
   * corpus is switched to a newer version (`pwguard corpus update`). Absent (memory corpora):
   * the answerer picks a per-process id, so tags never outlive the data they describe.
   */
  version?(): CorpusVersion
}

/** Fast, in-memory membership test over full SHA-1 digests; false positives only. */
export interface BreachFilter {
  /** `sha1Hex` is 40 hex characters, either case. */
  mightContain(sha1Hex: string): boolean
  add(sha1Hex: string): void
}

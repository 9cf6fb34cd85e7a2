import type { DigestSink } from '../../filter/digest-bloom-filter.js'
import type { HashMode } from '../../range-reader.js'
import {
  DIGEST_BYTES,
  PREFIX_COUNT,
  dataFile,
  indexFile,
  recordBytes,
  suffixBytes,
} from '../corpus-format.js'
import type { DigestSpool } from './corpus-sources-node.js'
import { digestPrefix, packSuffix, writeCount } from './packed-record.js'
import { SortedDigestMerger } from './sorted-digest-merger.js'
import { ParallelRangeChunkWriter } from './parallel-range-chunk-writer-node.js'
import { RangeChunkWriter, type RangeChunkSink } from './range-chunk-writer-node.js'
import { writeIndexFile, type WrittenRangeStore } from './range-store-writer-node.js'

// Records per chunk: whole prefixes, flushed once this many are packed (~6 MB of SHA-1).
const CHUNK_RECORDS = 256 * 1024
// Room past a full chunk for the rest of its last prefix (HIBP's largest: ~2,000 rows at 2 × 10^9).
const PREFIX_HEADROOM = 16 * 1024

/** How a SortedRangeWriter writes: with range bodies (`M.body`) formatted here or on a thread. */
export interface SortedRangeWriterOptions {
  /** 'inline' formats bodies on this thread, 'worker' writes records and bodies on another. */
  bodies?: 'inline' | 'worker'
  /** Records per chunk (tests make it small to cross many chunk boundaries). */
  chunkRecords?: number
}

/**
 * Writes one mode's range store straight from digests that arrive in ascending order (the
 * HIBP downloader's output), with no spool and no sort: equal neighbours are merged (counts
 * summed, saturating as the spool path does), each distinct digest is packed into `M.dat` and
 * sent to `filter`, and `M.idx` is written from the per-prefix row counts at the end. With
 * `bodies`, the same chunks of whole prefixes are formatted into `M.body` during the pass
 * (on a worker thread with 'worker'), so no second pass reads the records back. The files
 * are byte-identical to `writeRangeStore`'s and `writeRangeBodies`'. Memory: a few chunks.
 */
export class SortedRangeWriter implements DigestSpool {
  readonly digestBytes: number
  private readonly sink: RangeChunkSink
  private readonly rowsPerPrefix = new Float64Array(PREFIX_COUNT)
  private readonly merger: SortedDigestMerger
  private readonly width: number
  private readonly packed: number
  private readonly flushAt: number
  private chunk: Uint8Array
  private fill = 0
  private rows = 0
  private chunkFirst = 0
  private lastPrefix = -1
  private closed = false

  constructor(
    private readonly dir: string,
    private readonly mode: HashMode,
    private readonly filter?: DigestSink,
    options: SortedRangeWriterOptions = {},
  ) {
    this.digestBytes = DIGEST_BYTES[mode]
    this.width = recordBytes(mode)
    this.packed = suffixBytes(mode)
    this.merger = new SortedDigestMerger(this.digestBytes, (digest, count) =>
      this.emit(digest, count),
    )
    this.flushAt = (options.chunkRecords ?? CHUNK_RECORDS) * this.width
    this.chunk = this.newChunk()
    this.sink =
      options.bodies === 'worker'
        ? new ParallelRangeChunkWriter(dir, mode, true)
        : new RangeChunkWriter(dir, mode, options.bodies === 'inline')
  }

  /** Takes the next digest; throws OutOfOrderInputError when it sorts below the last one. */
  push(digest: Uint8Array, count: number): void {
    this.merger.push(digest, count)
  }

  /** Writes the last records and the index; returns what the manifest records. */
  finish(): WrittenRangeStore {
    this.merger.finish()
    this.flush()
    const { data, bodies } = this.sink.finish()
    const { maxRangeRows, file } = writeIndexFile(this.dir, this.mode, this.rowsPerPrefix)
    this.closed = true
    return {
      mode: { hashCount: this.rows, maxRangeRows, recordBytes: this.width },
      files: { [dataFile(this.mode)]: data, [indexFile(this.mode)]: file },
      ...(bodies && { bodies }),
    }
  }

  /** Closes the files without finishing them (the build failed or restarts). */
  abandon(): void {
    if (!this.closed) this.sink.abandon()
    this.closed = true
  }

  /** Packs one distinct digest (packed-record.ts, as every build path does). */
  private emit(digest: Uint8Array, count: number): void {
    const prefix = digestPrefix(digest)
    if (prefix !== this.lastPrefix) {
      // Chunks end between prefixes, so a range's body is formatted from one chunk.
      if (this.fill >= this.flushAt) this.flush()
      if (this.fill === 0) this.chunkFirst = prefix
      this.lastPrefix = prefix
    }
    this.rowsPerPrefix[prefix] = (this.rowsPerPrefix[prefix] as number) + 1
    if (this.fill + this.width > this.chunk.length) this.growChunk()
    const to = packSuffix(digest, 0, this.digestBytes, this.packed, this.chunk, this.fill)
    this.fill = writeCount(this.chunk, to, count)
    this.filter?.addDigest(digest, 0)
    this.rows++
  }

  private flush(): void {
    if (this.fill === 0) return
    const rows = this.rowsPerPrefix.slice(this.chunkFirst, this.lastPrefix + 1)
    this.sink.write(this.chunk.subarray(0, this.fill), this.chunkFirst, rows)
    if (this.sink.takesBuffers) this.chunk = this.newChunk()
    this.fill = 0
  }

  private newChunk(): Uint8Array {
    return new Uint8Array(this.flushAt + PREFIX_HEADROOM * this.width)
  }

  /** One prefix outgrew the headroom (never in HIBP's shape): room for twice as much. */
  private growChunk(): void {
    const grown = new Uint8Array(this.chunk.length * 2)
    grown.set(this.chunk.subarray(0, this.fill))
    this.chunk = grown
  }
}

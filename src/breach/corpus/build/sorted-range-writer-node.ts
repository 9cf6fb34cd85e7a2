import { join } from 'node:path'
import type { DigestSink } from '../../filter/digest-bloom-filter.js'
import type { HashMode } from '../../range-reader.js'
import {
  DATA_MAGIC,
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
import { HashingFileWriter } from './hashing-file-writer-node.js'
import { storeHeader, writeIndexFile, type WrittenRangeStore } from './range-store-writer-node.js'

// Records per write: above HashingFileWriter's buffer, so chunks go straight to the file.
const CHUNK_RECORDS = 256 * 1024

/**
 * Writes one mode's range store straight from digests that arrive in ascending order (the
 * HIBP downloader's output), with no spool and no sort: equal neighbours are merged (counts
 * summed, saturating as the spool path does), each distinct digest is packed into `M.dat` and
 * sent to `filter`, and `M.idx` is written from the per-prefix row counts at the end. The
 * files are byte-identical to `writeRangeStore`'s for the same input. Memory: one chunk.
 */
export class SortedRangeWriter implements DigestSpool {
  readonly digestBytes: number
  private readonly data: HashingFileWriter
  private readonly rowsPerPrefix = new Float64Array(PREFIX_COUNT)
  private readonly merger: SortedDigestMerger
  private readonly chunk: Uint8Array
  private readonly width: number
  private readonly packed: number
  private fill = 0
  private rows = 0
  private closed = false

  constructor(
    private readonly dir: string,
    private readonly mode: HashMode,
    private readonly filter?: DigestSink,
  ) {
    this.digestBytes = DIGEST_BYTES[mode]
    this.width = recordBytes(mode)
    this.packed = suffixBytes(mode)
    this.merger = new SortedDigestMerger(this.digestBytes, (digest, count) =>
      this.emit(digest, count),
    )
    this.chunk = new Uint8Array(CHUNK_RECORDS * this.width)
    this.data = new HashingFileWriter(join(dir, dataFile(mode)))
    this.data.write(storeHeader(DATA_MAGIC, this.width))
  }

  /** Takes the next digest; throws OutOfOrderInputError when it sorts below the last one. */
  push(digest: Uint8Array, count: number): void {
    this.merger.push(digest, count)
  }

  /** Writes the last record and the index; returns what the manifest records. */
  finish(): WrittenRangeStore {
    this.merger.finish()
    this.flush()
    const { maxRangeRows, file } = writeIndexFile(this.dir, this.mode, this.rowsPerPrefix)
    this.closed = true
    return {
      mode: { hashCount: this.rows, maxRangeRows, recordBytes: this.width },
      files: { [dataFile(this.mode)]: this.data.close(), [indexFile(this.mode)]: file },
    }
  }

  /** Closes the data file without finishing it (the build failed or restarts). */
  abandon(): void {
    if (!this.closed) this.data.close()
    this.closed = true
  }

  /** Packs one distinct digest (packed-record.ts, as every build path does). */
  private emit(digest: Uint8Array, count: number): void {
    const prefix = digestPrefix(digest)
    this.rowsPerPrefix[prefix] = (this.rowsPerPrefix[prefix] as number) + 1
    const to = packSuffix(digest, 0, this.digestBytes, this.packed, this.chunk, this.fill)
    this.fill = writeCount(this.chunk, to, count)
    this.filter?.addDigest(digest, 0)
    this.rows++
    if (this.fill === this.chunk.length) this.flush()
  }

  private flush(): void {
    if (this.fill > 0) this.data.write(this.chunk.subarray(0, this.fill))
    this.fill = 0
  }
}

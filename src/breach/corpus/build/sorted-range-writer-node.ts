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
import { HashingFileWriter } from './hashing-file-writer-node.js'
import { storeHeader, writeIndexFile, type WrittenRangeStore } from './range-store-writer-node.js'

const MAX_COUNT = 0xffffffff
// Records per write: above HashingFileWriter's buffer, so chunks go straight to the file.
const CHUNK_RECORDS = 256 * 1024

/** A digest arrived below its predecessor: the input is not sorted (the builder falls back). */
export class OutOfOrderInputError extends Error {}

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
  private readonly previous: Uint8Array
  private readonly chunk: Uint8Array
  private readonly width: number
  private readonly packed: number
  private previousCount = -1
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
    this.previous = new Uint8Array(this.digestBytes)
    this.chunk = new Uint8Array(CHUNK_RECORDS * this.width)
    this.data = new HashingFileWriter(join(dir, dataFile(mode)))
    this.data.write(storeHeader(DATA_MAGIC, this.width))
  }

  /** Takes the next digest; throws OutOfOrderInputError when it sorts below the last one. */
  push(digest: Uint8Array, count: number): void {
    const previous = this.previous
    if (this.previousCount >= 0) {
      let i = 0
      while (i < this.digestBytes && digest[i] === previous[i]) i++
      if (i === this.digestBytes) {
        this.previousCount = Math.min(MAX_COUNT, this.previousCount + count)
        return
      }
      if ((digest[i] as number) < (previous[i] as number)) {
        throw new OutOfOrderInputError(`${hex(digest)} comes after ${hex(previous)}`)
      }
      this.emit()
    }
    previous.set(digest)
    this.previousCount = count
  }

  /** Writes the last record and the index; returns what the manifest records. */
  finish(): WrittenRangeStore {
    if (this.previousCount >= 0) this.emit()
    this.previousCount = -1
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

  /** Packs the pending digest (see packRecords in range-store-writer-node.ts). */
  private emit(): void {
    const digest = this.previous
    const out = this.chunk
    let to = this.fill
    const prefix =
      ((digest[0] as number) << 12) | ((digest[1] as number) << 4) | ((digest[2] as number) >> 4)
    this.rowsPerPrefix[prefix] = (this.rowsPerPrefix[prefix] as number) + 1
    // Suffix nibbles start at nibble 5: each output byte straddles two digest bytes; the
    // last one's low nibble is past the digest (0).
    const last = this.packed - 1
    for (let j = 0; j < last; j++) {
      out[to++] = (((digest[2 + j] as number) & 0x0f) << 4) | ((digest[3 + j] as number) >> 4)
    }
    out[to++] = ((digest[2 + last] as number) & 0x0f) << 4
    const count = this.previousCount
    out[to++] = count & 0xff
    out[to++] = (count >>> 8) & 0xff
    out[to++] = (count >>> 16) & 0xff
    out[to++] = count >>> 24
    this.filter?.addDigest(digest, 0)
    this.rows++
    this.fill = to
    if (to === out.length) this.flush()
  }

  private flush(): void {
    if (this.fill > 0) this.data.write(this.chunk.subarray(0, this.fill))
    this.fill = 0
  }
}

const hex = (digest: Uint8Array) => Buffer.from(digest).toString('hex').toUpperCase()

import { join } from 'node:path'
import type { HashMode } from '../../range-reader.js'
import {
  BODY_INDEX_MAGIC,
  BODY_MAGIC,
  PREFIX_COUNT,
  bodyFile,
  bodyIndexFile,
  recordBytes,
  type ManifestFile,
} from '../corpus-format.js'
import { formatRangeRows, maxBodyRowBytes } from '../range-records.js'
import { HashingFileWriter } from './hashing-file-writer-node.js'
import { storeHeader } from './range-store-writer-node.js'

/**
 * Writes `M.body` and `M.bidx` (corpus-format.ts) from runs of whole prefixes handed over in
 * prefix order: each run is formatted into one reused buffer (formatRangeRows, the formatter
 * the reader uses, so a stored body is byte-identical to a formatted one) and written at once.
 * Both the sequential pass over a finished `M.dat` and the build's pipelined writer use it.
 */
export class RangeBodyAppender {
  private readonly width: number
  private readonly rowBytes: number
  private readonly body: HashingFileWriter
  // uint64 little-endian offsets as uint32 pairs (the host is little-endian, as Node's are).
  private readonly offsets = new Uint32Array((PREFIX_COUNT + 1) * 2)
  private out = Buffer.allocUnsafe(0)
  private written = 0
  private nextPrefix = 0

  constructor(
    private readonly dir: string,
    private readonly mode: HashMode,
  ) {
    this.width = recordBytes(mode)
    this.rowBytes = maxBodyRowBytes(mode)
    this.body = new HashingFileWriter(join(dir, bodyFile(mode)))
    this.body.write(storeHeader(BODY_MAGIC, this.width))
  }

  /**
   * Formats prefixes `first`, `first + 1`, … with `rows[i]` records each, laid out back to
   * back from `records[0]`. Prefixes must ascend across calls, each one handed over whole.
   */
  append(records: Uint8Array, first: number, rows: ArrayLike<number>): void {
    if (first < this.nextPrefix) throw new RangeError(`prefix ${first} handed over twice`)
    let total = 0
    for (let i = 0; i < rows.length; i++) total += rows[i] as number
    if (total * this.width > records.length) throw new RangeError('fewer records than rows')
    if (this.out.length < total * this.rowBytes)
      this.out = Buffer.allocUnsafe(total * this.rowBytes)
    let at = 0
    let from = 0
    for (let i = 0; i < rows.length; i++) {
      const count = rows[i] as number
      if (count === 0) continue
      this.offsetsUpTo(first + i, this.written + at)
      at = formatRangeRows(records, from, count, this.mode, this.out, at)
      from += count * this.width
    }
    if (at > 0) this.body.write(this.out.subarray(0, at))
    this.written += at
  }

  /** Closes `M.body` and writes `M.bidx`; returns both for the manifest. */
  finish(): Record<string, ManifestFile> {
    this.offsetsUpTo(PREFIX_COUNT, this.written)
    const index = new HashingFileWriter(join(this.dir, bodyIndexFile(this.mode)))
    index.write(storeHeader(BODY_INDEX_MAGIC, this.width))
    index.write(new Uint8Array(this.offsets.buffer))
    return { [bodyFile(this.mode)]: this.body.close(), [bodyIndexFile(this.mode)]: index.close() }
  }

  /** Closes `M.body` unfinished (the build failed). */
  abandon(): void {
    this.body.close()
  }

  /** Prefixes up to `prefix` (the empty ones before it included) start at byte `value`. */
  private offsetsUpTo(prefix: number, value: number): void {
    const low = value % 2 ** 32
    const high = Math.floor(value / 2 ** 32)
    for (let p = this.nextPrefix; p <= prefix; p++) {
      this.offsets[p * 2] = low
      this.offsets[p * 2 + 1] = high
    }
    this.nextPrefix = prefix + 1
  }
}

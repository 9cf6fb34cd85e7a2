import { join } from 'node:path'
import type { HashMode } from '../../range-reader.js'
import { DATA_MAGIC, dataFile, recordBytes, type ManifestFile } from '../corpus-format.js'
import { HashingFileWriter } from './hashing-file-writer-node.js'
import { RangeBodyAppender } from './range-body-appender-node.js'
import { storeHeader } from './range-store-writer-node.js'

/** What a finished chunk writer hands to the manifest: `M.dat`, and the bodies if asked. */
export interface WrittenChunks {
  data: ManifestFile
  bodies?: Record<string, ManifestFile>
}

/**
 * Where SortedRangeWriter sends its packed records, a run of whole prefixes at a time: written
 * here (RangeChunkWriter) or on a worker thread (ParallelRangeChunkWriter).
 */
export interface RangeChunkSink {
  /** True when `write` keeps the buffers it is given: the caller then passes fresh ones. */
  readonly takesBuffers: boolean
  /** `rows[i]` records of prefix `first + i`, back to back in `records`. */
  write(records: Uint8Array, first: number, rows: Float64Array): void
  finish(): WrittenChunks
  abandon(): void
}

/**
 * Appends records to `M.dat` and, with `bodies`, formats the same prefixes into `M.body` and
 * `M.bidx` in the same pass, so no second pass reads the records back.
 */
export class RangeChunkWriter implements RangeChunkSink {
  readonly takesBuffers = false
  private readonly data: HashingFileWriter
  private readonly bodies?: RangeBodyAppender

  constructor(dir: string, mode: HashMode, bodies: boolean) {
    this.data = new HashingFileWriter(join(dir, dataFile(mode)))
    this.data.write(storeHeader(DATA_MAGIC, recordBytes(mode)))
    if (bodies) this.bodies = new RangeBodyAppender(dir, mode)
  }

  write(records: Uint8Array, first: number, rows: Float64Array): void {
    this.data.write(records)
    this.bodies?.append(records, first, rows)
  }

  finish(): WrittenChunks {
    const data = this.data.close()
    return this.bodies ? { data, bodies: this.bodies.finish() } : { data }
  }

  abandon(): void {
    this.data.close()
    this.bodies?.abandon()
  }
}

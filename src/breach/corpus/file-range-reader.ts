import { closeSync, readSync } from 'node:fs'
import type { HashMode, RangeEntry, RangeReader } from '../range-reader.js'
import type { CorpusVersion } from '../range-validators.js'
import { HEADER_BYTES } from './corpus-format.js'
import type { OpenRangeBodies } from './range-bodies-node.js'
import { decodeRangeRows, formatRangeBody } from './range-records.js'
import type { StoredOffsets } from './stored-offsets.js'

/** One mode's open store: the data file descriptor and its prefix → record-number index. */
export interface OpenRangeStore {
  fd: number
  /** 2^20 + 1 record numbers; prefix p owns [index.at(p), index.at(p + 1)). */
  index: StoredOffsets
  recordBytes: number
  maxRangeRows: number
  /** Preformatted bodies (`M.body`), when the corpus was built with them. */
  bodies?: OpenRangeBodies
}

const PREFIX = /^[0-9A-Fa-f]{5}$/

/**
 * The Node range reader over the files of corpus-format.ts: the index lives in memory, and a
 * range is one positional read of a contiguous slice (~tens of µs for a dense prefix).
 */
export class FileRangeReader implements RangeReader {
  readonly modes: ReadonlySet<HashMode>
  private scratch = Buffer.allocUnsafe(64 * 1024)

  constructor(
    private readonly stores: Map<HashMode, OpenRangeStore>,
    private readonly corpusVersion: CorpusVersion = { id: 'files', modifiedAt: 0 },
  ) {
    this.modes = new Set(stores.keys())
  }

  version(): CorpusVersion {
    return this.corpusVersion
  }

  maxRangeRows(mode: HashMode): number {
    return this.stores.get(mode)?.maxRangeRows ?? 0
  }

  async read(mode: HashMode, prefix: string): Promise<RangeEntry[]> {
    return decodeRangeRows(this.readRecords(mode, prefix), mode)
  }

  /**
   * The range as served: `SUFFIX:COUNT` rows joined by CRLF. One positional read of the stored
   * body when the corpus has them; else formatted from the records.
   */
  readBody(mode: HashMode, prefix: string): Uint8Array {
    const bodies = this.stores.get(mode)?.bodies
    if (!bodies || !PREFIX.test(prefix))
      return formatRangeBody(this.readRecords(mode, prefix), mode)
    const number = parseInt(prefix, 16)
    const [start, end] = bodies.offsets.span(number)
    const bytes = end - start
    // Its own buffer: the response (and the body cache) keep it after this call.
    const body = Buffer.allocUnsafeSlow(bytes)
    if (bytes > 0 && readSync(bodies.fd, body, 0, bytes, HEADER_BYTES + start) !== bytes) {
      throw new Error(`corpus ${mode} body file is shorter than its index`)
    }
    return body
  }

  close(): void {
    for (const store of this.stores.values()) {
      closeSync(store.fd)
      if (store.bodies) closeSync(store.bodies.fd)
    }
    this.stores.clear()
  }

  /** The raw records of one prefix, in a scratch buffer valid until the next call. */
  private readRecords(mode: HashMode, prefix: string): Uint8Array {
    const store = this.stores.get(mode)
    if (!store) throw new RangeError(`the corpus has no ${mode} hashes`)
    if (!PREFIX.test(prefix)) throw new RangeError(`range prefix must be 5 hex digits`)
    const number = parseInt(prefix, 16)
    const [start, end] = store.index.span(number)
    const bytes = (end - start) * store.recordBytes
    if (bytes === 0) return this.scratch.subarray(0, 0)
    if (bytes > this.scratch.length) this.scratch = Buffer.allocUnsafe(bytes)
    const position = HEADER_BYTES + start * store.recordBytes
    const read = readSync(store.fd, this.scratch, 0, bytes, position)
    if (read !== bytes) throw new Error(`corpus ${mode} data file is shorter than its index`)
    return this.scratch.subarray(0, bytes)
  }
}

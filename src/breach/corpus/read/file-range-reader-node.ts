import { closeSync, readSync } from 'node:fs'
import type { HashMode, RangeEntry, RangeReader } from '../../range-reader.js'
import type { CorpusVersion } from '../../range-reader.js'
import { HEADER_BYTES } from '../corpus-format.js'
import { extentAt } from '../corpus-extents.js'
import { closeExtents, type OpenExtents } from './extent-index-node.js'
import { MappedFile, type MmapAddon } from './mapped-file-node.js'
import type { OpenRangeBodies } from './range-bodies-node.js'
import { decodeRangeRows, formatRangeBody } from '../range-records.js'
import type { StoredOffsets } from '../stored-offsets.js'

/** One mode's open store: the data file descriptor and its prefix → record-number index. */
export interface OpenRangeStore {
  fd: number
  /**
   * 2^20 + 1 record numbers; prefix p owns [index.at(p), index.at(p + 1)). Absent for an
   * updated store, whose `extents` say where each prefix is.
   */
  index?: StoredOffsets
  recordBytes: number
  maxRangeRows: number
  /** Preformatted bodies (`M.body`), when the corpus was built with them. */
  bodies?: OpenRangeBodies
  /** An updated store's segments (corpus-extents.ts); `fd` is then unused. */
  extents?: OpenExtents
}

const PREFIX = /^[0-9A-Fa-f]{5}$/

/**
 * The Node range reader over the files of corpus-format.ts: the index lives in memory, and a
 * range is one positional read of a contiguous slice (~tens of µs for a dense prefix), or, for
 * a stored body with the mmap addon, a view of the mapped body file (no read, no copy).
 */
export class FileRangeReader implements RangeReader {
  readonly modes: ReadonlySet<HashMode>
  readonly mapsBodies: boolean
  private scratch = Buffer.allocUnsafe(64 * 1024)
  /** Body files by descriptor; null once mapping one failed (it is then read). */
  private readonly mapped = new Map<number, MappedFile | null>()

  constructor(
    private readonly stores: Map<HashMode, OpenRangeStore>,
    private readonly corpusVersion: CorpusVersion = { id: 'files', modifiedAt: 0 },
    private readonly mmap: MmapAddon | null = null,
  ) {
    this.modes = new Set(stores.keys())
    this.mapsBodies =
      mmap !== null && [...stores.values()].some((store) => store.bodies || store.extents)
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
   * The range as served: `SUFFIX:COUNT` rows joined by CRLF. The stored body when the corpus
   * has them (a view of its mapping, else one positional read); else formatted from the records.
   */
  readBody(mode: HashMode, prefix: string): Uint8Array {
    const store = this.stores.get(mode)
    const slice = store && PREFIX.test(prefix) ? bodySlice(store, parseInt(prefix, 16)) : null
    if (!slice) return formatRangeBody(this.readRecords(mode, prefix), mode)
    const { fd, start, bytes } = slice
    const view = this.mmap && this.mappedView(this.mmap, fd, HEADER_BYTES + start, bytes)
    if (view) return view
    // Its own buffer: the response (and the body cache) keep it after this call.
    const body = Buffer.allocUnsafeSlow(bytes)
    if (bytes > 0 && readSync(fd, body, 0, bytes, HEADER_BYTES + start) !== bytes) {
      throw new Error(`corpus ${mode} body file is shorter than its index`)
    }
    return body
  }

  close(): void {
    // Views still being sent keep their windows mapped; closing a descriptor unmaps nothing.
    this.mapped.clear()
    for (const store of this.stores.values()) {
      if (store.extents) closeExtents(store.extents)
      else closeSync(store.fd)
      if (store.bodies) closeSync(store.bodies.fd)
    }
    this.stores.clear()
  }

  /** A view of a body file's bytes; null when it cannot be mapped (the caller reads them). */
  private mappedView(mmap: MmapAddon, fd: number, position: number, bytes: number): Buffer | null {
    let file = this.mapped.get(fd)
    try {
      if (file === undefined) this.mapped.set(fd, (file = new MappedFile(mmap, fd)))
      return file && file.view(position, bytes)
    } catch {
      // Address space or a mapping limit ran out: this file is read from now on, as without the addon.
      this.mapped.set(fd, null)
      return null
    }
  }

  /** The raw records of one prefix, in a scratch buffer valid until the next call. */
  private readRecords(mode: HashMode, prefix: string): Uint8Array {
    const store = this.stores.get(mode)
    if (!store) throw new RangeError(`the corpus has no ${mode} hashes`)
    if (!PREFIX.test(prefix)) throw new RangeError(`range prefix must be 5 hex digits`)
    const { fd, start, rows } = recordSlice(store, parseInt(prefix, 16))
    const bytes = rows * store.recordBytes
    if (bytes === 0) return this.scratch.subarray(0, 0)
    if (bytes > this.scratch.length) this.scratch = Buffer.allocUnsafe(bytes)
    const position = HEADER_BYTES + start * store.recordBytes
    const read = readSync(fd, this.scratch, 0, bytes, position)
    if (read !== bytes) throw new Error(`corpus ${mode} data file is shorter than its index`)
    return this.scratch.subarray(0, bytes)
  }
}

/** Where prefix `p`'s records are: the store's one data file, or its extent's segment. */
function recordSlice(store: OpenRangeStore, p: number) {
  if (!store.extents) {
    if (!store.index) throw new Error('corpus store has neither an index nor extents')
    const [start, end] = store.index.span(p)
    return { fd: store.fd, start, rows: end - start }
  }
  const extent = extentAt(store.extents.table, p)
  const fd = store.extents.data[extent.segment] as number
  return { fd, start: extent.recordStart, rows: extent.rows }
}

/** Where prefix `p`'s stored body is; null when the store has no bodies. */
function bodySlice(store: OpenRangeStore, p: number) {
  if (store.extents) {
    const extent = extentAt(store.extents.table, p)
    const fd = store.extents.body[extent.segment]
    if (fd === null || fd === undefined) return null
    return { fd, start: extent.bodyStart, bytes: extent.bodyBytes }
  }
  if (!store.bodies) return null
  const [start, end] = store.bodies.offsets.span(p)
  return { fd: store.bodies.fd, start, bytes: end - start }
}

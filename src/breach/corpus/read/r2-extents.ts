import type { HashMode } from '../../range-reader.js'
import { EXTENT_MAGIC, EXTENT_WORDS, extentAt, type ManifestExtents } from '../corpus-extents.js'
import { HEADER_BYTES, PREFIX_COUNT, recordBytes } from '../corpus-format.js'
import type { R2CorpusBucket } from './r2-corpus-bucket.js'

/** Where one prefix's bytes are in the bucket: one ranged `get`. */
export interface R2Slice {
  key: string
  offset: number
  length: number
}

/**
 * An updated corpus (corpus-extents.ts) in R2: its `M.ext` table (32 MiB, loaded once per
 * isolate and mode, like `M.idx`) says which segment object holds a prefix, so a range is
 * still one R2 read. After `pwguard corpus update` only the new segment, `M.ext`, `M.pdg`, the
 * filter (if changed) and the manifest need uploading: older segments are already there.
 */
export function r2Extents(
  bucket: R2CorpusBucket,
  prefix: string,
  mode: HashMode,
  extents: ManifestExtents,
) {
  let table: Promise<Uint32Array> | undefined
  const load = () => {
    table ??= readTable(bucket, `${prefix}${extents.index}`, recordBytes(mode))
    table.catch(() => (table = undefined))
    return table
  }
  return {
    async records(slot: number): Promise<R2Slice | null> {
      const extent = extentAt(await load(), slot)
      const segment = extents.segments[extent.segment]
      if (extent.rows === 0) return null
      if (!segment) throw new Error(`${extents.index} names a missing segment at ${slot}`)
      const width = recordBytes(mode)
      const offset = HEADER_BYTES + extent.recordStart * width
      return { key: `${prefix}${segment.data}`, offset, length: extent.rows * width }
    },
    /** undefined: the corpus has no bodies (format the records); null: an empty range. */
    async body(slot: number): Promise<R2Slice | null | undefined> {
      const extent = extentAt(await load(), slot)
      const segment = extents.segments[extent.segment]
      if (!segment?.body) return extent.rows === 0 ? null : undefined
      if (extent.rows === 0) return null
      const offset = HEADER_BYTES + extent.bodyStart
      return { key: `${prefix}${segment.body}`, offset, length: extent.bodyBytes }
    },
  }
}

async function readTable(bucket: R2CorpusBucket, key: string, width: number): Promise<Uint32Array> {
  const object = await bucket.get(key)
  if (!object) throw new Error(`corpus bucket has no ${key}`)
  const buffer = await object.arrayBuffer()
  const view = new DataView(buffer)
  let magic = ''
  for (let i = 0; i < 8 && i < buffer.byteLength; i++)
    magic += String.fromCharCode(view.getUint8(i))
  const expected = HEADER_BYTES + PREFIX_COUNT * EXTENT_WORDS * 4
  if (
    buffer.byteLength !== expected ||
    magic !== EXTENT_MAGIC ||
    view.getUint32(8, true) !== width
  ) {
    throw new Error(`${key} is not a pwguard extent table (${buffer.byteLength} bytes)`)
  }
  return new Uint32Array(buffer, HEADER_BYTES)
}

import { closeSync, openSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { HashMode } from '../../range-reader.js'
import {
  EXTENT_MAGIC,
  EXTENT_WORDS,
  extentAt,
  setExtent,
  type ManifestExtents,
} from '../corpus-extents.js'
import {
  HEADER_BYTES,
  PREFIX_COUNT,
  bodyFile,
  bodyIndexFile,
  dataFile,
  indexFile,
  recordBytes,
  type CorpusManifest,
} from '../corpus-format.js'
import { readOffsets } from '../stored-offsets.js'

/** A mode's extents held open: the table and one descriptor per segment file. */
export interface OpenExtents {
  table: Uint32Array
  data: number[]
  /** Per segment; null when the corpus has no bodies. */
  body: (number | null)[]
}

/** The extents of a v1 (single-segment) store, from `M.idx` and `M.bidx`. */
export function v1Extents(dir: string, mode: HashMode, manifest: CorpusManifest): Uint32Array {
  const index = readOffsets(readFileSync(join(dir, indexFile(mode))))
  if (typeof index === 'string') throw new Error(`${indexFile(mode)} ${index}`)
  const hasBodies = manifest.files[bodyIndexFile(mode)] !== undefined
  const bodies = hasBodies ? readOffsets(readFileSync(join(dir, bodyIndexFile(mode)))) : null
  if (typeof bodies === 'string') throw new Error(`${bodyIndexFile(mode)} ${bodies}`)
  const table = new Uint32Array(PREFIX_COUNT * EXTENT_WORDS)
  for (let p = 0; p < PREFIX_COUNT; p++) {
    const start = index[p] as number
    const bodyStart = bodies ? (bodies[p] as number) : 0
    setExtent(table, p, {
      segment: 0,
      rows: (index[p + 1] as number) - start,
      recordStart: start,
      bodyStart,
      bodyBytes: bodies ? (bodies[p + 1] as number) - bodyStart : 0,
    })
  }
  return table
}

/** The segments of a store: the manifest's list, or the v1 files as segment 0. */
export function segmentsOf(mode: HashMode, manifest: CorpusManifest) {
  const listed = manifest.extents?.[mode]?.segments
  if (listed) return listed
  const body = manifest.files[bodyFile(mode)] ? { body: bodyFile(mode) } : {}
  return [{ data: dataFile(mode), ...body }]
}

/**
 * Opens an updated store (`manifest.extents[mode]`) after checking the table's header and size
 * and that every extent lies inside its segment. Returns the open extents or the problem.
 */
export function openExtents(
  dir: string,
  mode: HashMode,
  extents: ManifestExtents,
): OpenExtents | string {
  const raw = readFileSync(join(dir, extents.index))
  const width = recordBytes(mode)
  if (raw.length !== HEADER_BYTES + PREFIX_COUNT * EXTENT_WORDS * 4) {
    return `${extents.index} is ${raw.length} bytes`
  }
  if (raw.toString('latin1', 0, 8) !== EXTENT_MAGIC || raw.readUInt32LE(8) !== width) {
    return `${extents.index} has a bad header (magic or record size)`
  }
  const table = new Uint32Array(
    raw.buffer.slice(raw.byteOffset + HEADER_BYTES, raw.byteOffset + raw.length),
  )
  const sizes = extents.segments.map((segment) => ({
    data: statSync(join(dir, segment.data)).size,
    body: segment.body ? statSync(join(dir, segment.body)).size : 0,
  }))
  for (let p = 0; p < PREFIX_COUNT; p++) {
    const extent = extentAt(table, p)
    const size = sizes[extent.segment]
    if (extent.rows === 0) continue
    if (
      !size ||
      HEADER_BYTES + (extent.recordStart + extent.rows) * width > size.data ||
      (extents.segments[extent.segment]?.body &&
        HEADER_BYTES + extent.bodyStart + extent.bodyBytes > size.body)
    ) {
      return `${extents.index} points outside its segments at prefix ${p.toString(16).toUpperCase()}`
    }
  }
  return {
    table,
    data: extents.segments.map((segment) => openSync(join(dir, segment.data), 'r')),
    body: extents.segments.map((segment) =>
      segment.body ? openSync(join(dir, segment.body), 'r') : null,
    ),
  }
}

export function closeExtents(extents: OpenExtents): void {
  for (const fd of [...extents.data, ...extents.body]) if (fd !== null) closeSync(fd)
}

import { hash } from 'node:crypto'
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { HashMode } from '../range-reader.js'
import {
  EXTENT_MAGIC,
  EXTENT_WORDS,
  PREFIX_DIGEST_BYTES,
  PREFIX_DIGEST_MAGIC,
  extentAt,
  setExtent,
  type ManifestExtents,
} from './corpus-extents.js'
import {
  HEADER_BYTES,
  PREFIX_COUNT,
  bodyFile,
  bodyIndexFile,
  dataFile,
  indexFile,
  recordBytes,
  type CorpusManifest,
  type ManifestFile,
} from './corpus-format.js'
import { HashingFileWriter } from './hashing-file-writer-node.js'
import { readOffsets } from './range-bodies-node.js'
import { storeHeader } from './range-store-writer-node.js'

const WINDOW_BYTES = 8 * 1024 * 1024

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

/** Writes an `M.ext` table. */
export function writeExtentTable(file: string, mode: HashMode, table: Uint32Array): ManifestFile {
  const writer = new HashingFileWriter(file)
  writer.write(storeHeader(EXTENT_MAGIC, recordBytes(mode)))
  writer.write(new Uint8Array(table.buffer, table.byteOffset, table.byteLength))
  return writer.close()
}

/** Writes an `M.pdg` file from 2^20 × 8 digest bytes. */
export function writePrefixDigests(
  file: string,
  mode: HashMode,
  digests: Uint8Array,
): ManifestFile {
  const writer = new HashingFileWriter(file)
  writer.write(storeHeader(PREFIX_DIGEST_MAGIC, recordBytes(mode)))
  writer.write(digests)
  return writer.close()
}

/** The 8-byte content digest of one prefix's packed records (zeros when empty). */
export function prefixDigest(records: Uint8Array, into: Uint8Array, p: number): void {
  const at = p * PREFIX_DIGEST_BYTES
  if (records.length === 0) {
    into.fill(0, at, at + PREFIX_DIGEST_BYTES)
    return
  }
  into.set(hash('md5', records, 'buffer').subarray(0, PREFIX_DIGEST_BYTES), at)
}

/**
 * The per-prefix digests of a stored mode: read from `M.pdg` when the corpus has one, else
 * computed from its records in one sequential read (a corpus built before updates existed).
 */
export function loadPrefixDigests(
  dir: string,
  mode: HashMode,
  manifest: CorpusManifest,
  table: Uint32Array,
): Uint8Array {
  const stored = manifest.extents?.[mode]?.digests
  if (stored) {
    const raw = readFileSync(join(dir, stored))
    if (raw.toString('latin1', 0, 8) === PREFIX_DIGEST_MAGIC) return raw.subarray(HEADER_BYTES)
  }
  const digests = new Uint8Array(PREFIX_COUNT * PREFIX_DIGEST_BYTES)
  const width = recordBytes(mode)
  const fds = segmentsOf(mode, manifest).map((segment) => openSync(join(dir, segment.data), 'r'))
  // Each segment is written in prefix order: one read window per segment keeps reads sequential.
  const windows = fds.map(() => ({ buffer: Buffer.allocUnsafe(WINDOW_BYTES), from: 0, to: 0 }))
  try {
    for (let p = 0; p < PREFIX_COUNT; p++) {
      const extent = extentAt(table, p)
      const start = HEADER_BYTES + extent.recordStart * width
      const end = start + extent.rows * width
      const window = windows[extent.segment]
      if (!window || extent.rows === 0) {
        prefixDigest(new Uint8Array(0), digests, p)
        continue
      }
      if (start < window.from || end > window.to) {
        if (end - start > window.buffer.length) window.buffer = Buffer.allocUnsafe(end - start)
        const read = readSync(
          fds[extent.segment] as number,
          window.buffer,
          0,
          window.buffer.length,
          start,
        )
        window.from = start
        window.to = start + read
      }
      prefixDigest(window.buffer.subarray(start - window.from, end - window.from), digests, p)
    }
  } finally {
    for (const fd of fds) closeSync(fd)
  }
  return digests
}

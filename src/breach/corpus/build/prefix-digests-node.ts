import { hash } from 'node:crypto'
import { closeSync, openSync, readFileSync, readSync } from 'node:fs'
import { join } from 'node:path'
import type { HashMode } from '../../range-reader.js'
import { PREFIX_DIGEST_BYTES, PREFIX_DIGEST_MAGIC, extentAt } from '../corpus-extents.js'
import {
  HEADER_BYTES,
  PREFIX_COUNT,
  recordBytes,
  type CorpusManifest,
  type ManifestFile,
} from '../corpus-format.js'
import { segmentsOf } from '../read/extent-index-node.js'
import { HashingFileWriter } from './hashing-file-writer-node.js'
import { storeHeader } from './range-store-writer-node.js'

const WINDOW_BYTES = 8 * 1024 * 1024

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

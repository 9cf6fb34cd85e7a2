import { createHash } from 'node:crypto'
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs'
import { DigestFuseFilter, SHARD_WORDS } from './digest-fuse-filter.js'
import {
  FILTER_HEADER_BYTES as HEADER_BYTES,
  FUSE_FILTER_MAGIC,
  decodeFuseHeader,
  encodeFuseHeader,
  filterMagic,
} from './filter-file-format.js'

/**
 * Fuse filter file (Node adapter), laid out (filter-file-format.ts) so loading is one read into
 * one buffer and two typed-array views over it (no per-entry work).
 */
const CHUNK = 64 * 1024 * 1024

/** Writes `filter` to `file` (created or truncated); returns its size and sha256. */
export function writeFuseFilterFile(
  file: string,
  filter: DigestFuseFilter,
): { bytes: number; sha256: string } {
  const hash = createHash('sha256')
  const header = encodeFuseHeader({
    shardBits: filter.shardBits,
    items: filter.items,
    fingerprintBytes: filter.fingerprints.length,
  })
  const table = new Uint8Array(
    filter.table.buffer,
    filter.table.byteOffset,
    filter.table.byteLength,
  )
  const fd = openSync(file, 'w')
  let bytes = 0
  try {
    for (const part of [header, table, filter.fingerprints]) {
      for (let at = 0; at < part.length; at += CHUNK) {
        const chunk = part.subarray(at, Math.min(part.length, at + CHUNK))
        writeSync(fd, chunk)
        hash.update(chunk)
        bytes += chunk.length
      }
    }
  } finally {
    closeSync(fd)
  }
  return { bytes, sha256: hash.digest('hex') }
}

/** True when `file` starts with the fuse filter magic (else it is a Bloom filter file). */
export function isFuseFilterFile(file: string): boolean {
  const fd = openSync(file, 'r')
  try {
    const magic = new Uint8Array(8)
    readSync(fd, magic, 0, 8, 0)
    return filterMagic(magic) === FUSE_FILTER_MAGIC
  } finally {
    closeSync(fd)
  }
}

/** Reads a fuse filter file; throws an Error naming the problem when its header or size is wrong. */
export function readFuseFilterFile(file: string): DigestFuseFilter {
  const fd = openSync(file, 'r')
  try {
    const size = fstatSync(fd).size
    const all = new Uint8Array(size)
    for (let at = 0; at < size;) {
      const read = readSync(fd, all, at, Math.min(CHUNK, size - at), at)
      if (read === 0) throw new Error(`${file}: filter file ended early`)
      at += read
    }
    const header = decodeFuseHeader(all)
    if (typeof header === 'string') throw new Error(`${file}: ${header}`)
    const { shardBits, items, fingerprintBytes } = header
    const tableBytes = shardBits <= 20 ? 2 ** shardBits * SHARD_WORDS * 4 : -1
    if (tableBytes < 0 || size !== HEADER_BYTES + tableBytes + fingerprintBytes) {
      throw new Error(`${file}: fuse filter file is ${size} bytes, its header says otherwise`)
    }
    const table = new Uint32Array(all.buffer, HEADER_BYTES, tableBytes / 4)
    const fingerprints = all.subarray(HEADER_BYTES + tableBytes)
    return new DigestFuseFilter(shardBits, items, table, fingerprints)
  } finally {
    closeSync(fd)
  }
}

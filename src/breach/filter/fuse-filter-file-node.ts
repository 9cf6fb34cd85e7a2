import { createHash } from 'node:crypto'
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs'
import { DigestFuseFilter, SHARD_WORDS } from './digest-fuse-filter.js'

/**
 * Fuse filter file (Node adapter), laid out so loading is one read into one buffer and two
 * typed-array views over it (no per-entry work):
 *   0  8 bytes  magic "PWGFUS01"
 *   8  uint32   shard bits b
 *  12  uint32   reserved (0)
 *  16  float64  items (digests in the filter)
 *  24  float64  fingerprint bytes F
 *  32  2^b × SHARD_WORDS uint32 little-endian: the shard table (see DigestFuseFilter)
 *  ..  F bytes  fingerprints
 */
export const FUSE_FILTER_MAGIC = 'PWGFUS01'
const HEADER_BYTES = 32
const CHUNK = 64 * 1024 * 1024

/** Writes `filter` to `file` (created or truncated); returns its size and sha256. */
export function writeFuseFilterFile(
  file: string,
  filter: DigestFuseFilter,
): { bytes: number; sha256: string } {
  const hash = createHash('sha256')
  const header = Buffer.alloc(HEADER_BYTES)
  header.write(FUSE_FILTER_MAGIC, 0, 'latin1')
  header.writeUInt32LE(filter.shardBits, 8)
  header.writeDoubleLE(filter.items, 16)
  header.writeDoubleLE(filter.fingerprints.length, 24)
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
    const magic = Buffer.alloc(8)
    return readSync(fd, magic, 0, 8, 0) === 8 && magic.toString('latin1') === FUSE_FILTER_MAGIC
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
    const header = Buffer.from(all.buffer, 0, Math.min(size, HEADER_BYTES))
    if (size < HEADER_BYTES || header.toString('latin1', 0, 8) !== FUSE_FILTER_MAGIC) {
      throw new Error(`${file}: not a pwguard fuse filter file (bad magic)`)
    }
    const shardBits = header.readUInt32LE(8)
    const items = header.readDoubleLE(16)
    const fingerprintBytes = header.readDoubleLE(24)
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

import { createHash } from 'node:crypto'
import { closeSync, openSync, readSync, fstatSync, writeSync } from 'node:fs'
import { bloomBytes } from './bloom-parameters.js'
import { DigestBloomFilter } from './digest-bloom-filter.js'

/**
 * Filter file (Node adapter). A 32-byte little-endian header, then the bit array as is, so a
 * 100 M-hash filter loads with plain reads into one Uint8Array (no JSON, no parsing):
 *   0  8 bytes  magic "PWGBLM01"
 *   8  uint32   hashes (k)
 *  12  uint32   reserved (0)
 *  16  float64  bits (m, an integer; may exceed 2^32)
 *  24  float64  items (n the filter was sized for)
 *  32  ceil(m/8) bytes  bit array (bit i: byte floor(i/8), mask 1 << (i mod 8))
 */
export const FILTER_MAGIC = 'PWGBLM01'
export const FILTER_HEADER_BYTES = 32
const CHUNK = 64 * 1024 * 1024

/** Writes `filter` to `file` (created or truncated); returns its size and sha256. */
export function writeFilterFile(
  file: string,
  filter: DigestBloomFilter,
): { bytes: number; sha256: string } {
  const hash = createHash('sha256')
  const header = Buffer.alloc(FILTER_HEADER_BYTES)
  header.write(FILTER_MAGIC, 0, 'latin1')
  header.writeUInt32LE(filter.hashes, 8)
  header.writeDoubleLE(filter.bits, 16)
  header.writeDoubleLE(filter.items, 24)
  const fd = openSync(file, 'w')
  try {
    writeSync(fd, header)
    hash.update(header)
    for (let at = 0; at < filter.array.length; at += CHUNK) {
      const chunk = filter.array.subarray(at, Math.min(filter.array.length, at + CHUNK))
      writeSync(fd, chunk)
      hash.update(chunk)
    }
  } finally {
    closeSync(fd)
  }
  return { bytes: FILTER_HEADER_BYTES + filter.array.length, sha256: hash.digest('hex') }
}

/** Reads a filter file; throws an Error naming the problem when the header or size is wrong. */
export function readFilterFile(file: string): DigestBloomFilter {
  const fd = openSync(file, 'r')
  try {
    const header = Buffer.alloc(FILTER_HEADER_BYTES)
    const got = readSync(fd, header, 0, FILTER_HEADER_BYTES, 0)
    if (got !== FILTER_HEADER_BYTES || header.toString('latin1', 0, 8) !== FILTER_MAGIC) {
      throw new Error(`${file}: not a pwguard filter file (bad magic)`)
    }
    const hashes = header.readUInt32LE(8)
    const bits = header.readDoubleLE(16)
    const items = header.readDoubleLE(24)
    if (!Number.isSafeInteger(bits) || bits < 1 || hashes < 1 || hashes > 64) {
      throw new Error(`${file}: filter header is corrupt (bits ${bits}, hashes ${hashes})`)
    }
    const size = fstatSync(fd).size
    if (size !== FILTER_HEADER_BYTES + bloomBytes(bits)) {
      throw new Error(
        `${file}: filter file is ${size} bytes, expected ${FILTER_HEADER_BYTES + bloomBytes(bits)}`,
      )
    }
    const array = new Uint8Array(bloomBytes(bits))
    for (let at = 0; at < array.length;) {
      const read = readSync(
        fd,
        array,
        at,
        Math.min(CHUNK, array.length - at),
        FILTER_HEADER_BYTES + at,
      )
      if (read === 0) throw new Error(`${file}: filter file ended early`)
      at += read
    }
    return new DigestBloomFilter({ bits, hashes, items }, array)
  } finally {
    closeSync(fd)
  }
}

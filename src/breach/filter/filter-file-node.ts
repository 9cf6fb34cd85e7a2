import { createHash } from 'node:crypto'
import { closeSync, openSync, readSync, fstatSync, writeSync } from 'node:fs'
import { bloomBytes } from './bloom-parameters.js'
import { DigestBloomFilter } from './digest-bloom-filter.js'
import { FILTER_HEADER_BYTES, decodeBloomHeader, encodeBloomHeader } from './filter-file-format.js'

/** Bloom filter file (Node adapter); the layout is filter-file-format.ts. */
const CHUNK = 64 * 1024 * 1024

/** Writes `filter` to `file` (created or truncated); returns its size and sha256. */
export function writeFilterFile(
  file: string,
  filter: DigestBloomFilter,
): { bytes: number; sha256: string } {
  const hash = createHash('sha256')
  const header = encodeBloomHeader(filter)
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
    const header = new Uint8Array(FILTER_HEADER_BYTES)
    readSync(fd, header, 0, FILTER_HEADER_BYTES, 0)
    const parameters = decodeBloomHeader(header)
    if (typeof parameters === 'string') throw new Error(`${file}: ${parameters}`)
    const { bits, hashes, items } = parameters
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

import { closeSync, openSync, readFileSync, readSync } from 'node:fs'
import { join } from 'node:path'
import type { HashMode } from '../../range-reader.js'
import {
  BODY_INDEX_MAGIC,
  BODY_MAGIC,
  HEADER_BYTES,
  PREFIX_COUNT,
  bodyFile,
  bodyIndexFile,
  dataFile,
  indexFile,
  recordBytes,
  type ManifestFile,
} from '../corpus-format.js'
import { HashingFileWriter } from './hashing-file-writer-node.js'
import { formatRangeBody } from '../range-records.js'
import { storeHeader } from './range-store-writer-node.js'
import { readOffsets } from '../stored-offsets.js'

/** Records read per positional read while formatting: whole prefixes, ~8 MB at a time. */
const READ_BYTES = 8 * 1024 * 1024

/**
 * Writes `M.body` and `M.bidx` (corpus-format.ts) from a finished `M.dat` and its record index,
 * in one sequential pass: the records of many prefixes are read at once and formatted with the
 * same formatter the reader uses, so a stored body is byte-identical to a formatted one.
 */
export function writeRangeBodies(dir: string, mode: HashMode): Record<string, ManifestFile> {
  const index = readOffsets(readFileSync(join(dir, indexFile(mode))))
  if (typeof index === 'string') throw new Error(`${indexFile(mode)} ${index}`)
  const width = recordBytes(mode)
  const data = openSync(join(dir, dataFile(mode)), 'r')
  const body = new HashingFileWriter(join(dir, bodyFile(mode)))
  body.write(storeHeader(BODY_MAGIC, width))
  const offsets = new Uint32Array((PREFIX_COUNT + 1) * 2)
  let scratch = Buffer.allocUnsafe(READ_BYTES)
  let written = 0
  try {
    let prefix = 0
    while (prefix < PREFIX_COUNT) {
      // A run of prefixes whose records fit one read (at least one prefix, however large).
      const first = prefix
      const start = index[first] as number
      let end = prefix + 1
      while (end < PREFIX_COUNT && ((index[end + 1] as number) - start) * width <= READ_BYTES) end++
      const bytes = ((index[end] as number) - start) * width
      if (bytes > scratch.length) scratch = Buffer.allocUnsafe(bytes)
      if (bytes > 0) readSync(data, scratch, 0, bytes, HEADER_BYTES + start * width)
      for (; prefix < end; prefix++) {
        writeOffset(offsets, prefix, written)
        const from = ((index[prefix] as number) - start) * width
        const to = ((index[prefix + 1] as number) - start) * width
        if (to === from) continue
        const formatted = formatRangeBody(scratch.subarray(from, to), mode)
        body.write(formatted)
        written += formatted.length
      }
    }
    writeOffset(offsets, PREFIX_COUNT, written)
  } finally {
    closeSync(data)
  }
  const bodyIndex = new HashingFileWriter(join(dir, bodyIndexFile(mode)))
  bodyIndex.write(storeHeader(BODY_INDEX_MAGIC, width))
  bodyIndex.write(new Uint8Array(offsets.buffer))
  return { [bodyFile(mode)]: body.close(), [bodyIndexFile(mode)]: bodyIndex.close() }
}

/** uint64 little-endian as two uint32 (the host is little-endian, as Node's platforms are). */
function writeOffset(offsets: Uint32Array, prefix: number, value: number): void {
  offsets[prefix * 2] = value % 2 ** 32
  offsets[prefix * 2 + 1] = Math.floor(value / 2 ** 32)
}

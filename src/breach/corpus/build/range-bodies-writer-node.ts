import { closeSync, openSync, readFileSync, readSync } from 'node:fs'
import { join } from 'node:path'
import type { HashMode } from '../../range-reader.js'
import {
  HEADER_BYTES,
  PREFIX_COUNT,
  dataFile,
  indexFile,
  recordBytes,
  type ManifestFile,
} from '../corpus-format.js'
import { readOffsets } from '../stored-offsets.js'
import { RangeBodyAppender } from './range-body-appender-node.js'

/** Records read per positional read while formatting: whole prefixes, ~8 MB at a time. */
const READ_BYTES = 8 * 1024 * 1024

/**
 * Writes `M.body` and `M.bidx` (corpus-format.ts) from a finished `M.dat` and its record index,
 * in one sequential pass: the records of many prefixes are read at once and formatted
 * (RangeBodyAppender). The sorted build path formats them during its store pass instead
 * (SortedRangeWriter with `bodies`); this pass serves the spool path.
 */
export function writeRangeBodies(dir: string, mode: HashMode): Record<string, ManifestFile> {
  const index = readOffsets(readFileSync(join(dir, indexFile(mode))))
  if (typeof index === 'string') throw new Error(`${indexFile(mode)} ${index}`)
  const width = recordBytes(mode)
  const data = openSync(join(dir, dataFile(mode)), 'r')
  const bodies = new RangeBodyAppender(dir, mode)
  let scratch = Buffer.allocUnsafe(READ_BYTES)
  try {
    let prefix = 0
    while (prefix < PREFIX_COUNT) {
      // A run of prefixes whose records fit one read (at least one prefix, however large).
      const start = index[prefix] as number
      let end = prefix + 1
      while (end < PREFIX_COUNT && ((index[end + 1] as number) - start) * width <= READ_BYTES) end++
      const bytes = ((index[end] as number) - start) * width
      if (bytes > scratch.length) scratch = Buffer.allocUnsafe(bytes)
      if (bytes > 0) readSync(data, scratch, 0, bytes, HEADER_BYTES + start * width)
      const rows = index
        .subarray(prefix + 1, end + 1)
        .map((next, i) => next - (index[prefix + i] as number))
      bodies.append(scratch.subarray(0, bytes), prefix, rows)
      prefix = end
    }
  } catch (error) {
    bodies.abandon()
    throw error
  } finally {
    closeSync(data)
  }
  return bodies.finish()
}

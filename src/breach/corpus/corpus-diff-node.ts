import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs'
import { join } from 'node:path'
import type { HashMode } from '../range-reader.js'
import { HEADER_BYTES, PREFIX_COUNT, dataFile, indexFile, recordBytes } from './corpus-format.js'
import { readOffsets } from './range-bodies-node.js'

/** One mode's records held open: the descriptor outlives a replaced (deleted) folder. */
export interface RecordSnapshot {
  fd: number
  index: Float64Array
  width: number
}

export interface CorpusChange {
  mode: HashMode
  changedPrefixes: number
  hashesBefore: number
  hashesAfter: number
}

/** Opens `dir`'s records of `mode` for a later diff; null when there is no such store. */
export function snapshotRecords(dir: string, mode: HashMode): RecordSnapshot | null {
  if (!existsSync(join(dir, indexFile(mode)))) return null
  const index = readOffsets(readFileSync(join(dir, indexFile(mode))))
  if (typeof index === 'string') return null
  return { fd: openSync(join(dir, dataFile(mode)), 'r'), index, width: recordBytes(mode) }
}

/**
 * Which prefixes differ between two builds (rows added, removed, or a count changed), by
 * comparing each prefix's records: what an update report and a range cache need to know.
 */
export function diffRecords(mode: HashMode, before: RecordSnapshot | null, after: RecordSnapshot) {
  let changed = 0
  let a = Buffer.alloc(64 * 1024)
  let b = Buffer.alloc(64 * 1024)
  for (let prefix = 0; prefix < PREFIX_COUNT; prefix++) {
    const rowsAfter = (after.index[prefix + 1] as number) - (after.index[prefix] as number)
    const rowsBefore = before
      ? (before.index[prefix + 1] as number) - (before.index[prefix] as number)
      : 0
    if (rowsAfter !== rowsBefore) {
      changed++
      continue
    }
    if (!before || rowsAfter === 0) continue
    const bytes = rowsAfter * after.width
    if (bytes > a.length) [a, b] = [Buffer.alloc(bytes), Buffer.alloc(bytes)]
    readSync(before.fd, a, 0, bytes, HEADER_BYTES + (before.index[prefix] as number) * before.width)
    readSync(after.fd, b, 0, bytes, HEADER_BYTES + (after.index[prefix] as number) * after.width)
    if (a.compare(b, 0, bytes, 0, bytes) !== 0) changed++
  }
  const change: CorpusChange = {
    mode,
    changedPrefixes: changed,
    hashesBefore: before ? (before.index[PREFIX_COUNT] as number) : 0,
    hashesAfter: after.index[PREFIX_COUNT] as number,
  }
  return change
}

export function closeSnapshot(snapshot: RecordSnapshot | null): void {
  if (snapshot) closeSync(snapshot.fd)
}

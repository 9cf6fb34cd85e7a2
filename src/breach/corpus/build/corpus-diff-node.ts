import { closeSync, existsSync, openSync, readSync } from 'node:fs'
import { join } from 'node:path'
import type { HashMode } from '../../range-reader.js'
import { readManifest } from '../read/corpus-checks-node.js'
import { extentAt } from '../corpus-extents.js'
import { HEADER_BYTES, MANIFEST_FILE, PREFIX_COUNT, recordBytes } from '../corpus-format.js'
import { openExtents, segmentsOf, v1Extents } from '../read/extent-index-node.js'

/** One mode's records held open: the descriptors outlive a replaced (deleted) folder. */
export interface RecordSnapshot {
  fds: number[]
  table: Uint32Array
  width: number
  hashCount: number
}

export interface CorpusChange {
  mode: HashMode
  changedPrefixes: number
  hashesBefore: number
  hashesAfter: number
}

/**
 * Opens `dir`'s records of `mode` (a built or an updated store) for a later diff; null when
 * there is no such store.
 */
export function snapshotRecords(dir: string, mode: HashMode): RecordSnapshot | null {
  if (!existsSync(join(dir, MANIFEST_FILE))) return null
  const manifest = readManifest(dir)
  if (typeof manifest === 'string' || !manifest.modes[mode]) return null
  const listed = manifest.extents?.[mode]
  const hashCount = manifest.modes[mode]?.hashCount ?? 0
  const width = recordBytes(mode)
  if (listed) {
    const open = openExtents(dir, mode, listed)
    if (typeof open === 'string') return null
    for (const fd of open.body) if (fd !== null) closeSync(fd)
    return { fds: open.data, table: open.table, width, hashCount }
  }
  const table = v1Extents(dir, mode, manifest)
  const fds = segmentsOf(mode, manifest).map((segment) => openSync(join(dir, segment.data), 'r'))
  return { fds, table, width, hashCount }
}

/**
 * Which prefixes differ between two versions (rows added, removed, or a count changed), by
 * comparing each prefix's records: what the report of a full rebuild (`corpus update --full`)
 * needs. The incremental update knows this already from its per-prefix digests.
 */
export function diffRecords(mode: HashMode, before: RecordSnapshot | null, after: RecordSnapshot) {
  let changed = 0
  let a = Buffer.alloc(64 * 1024)
  let b = Buffer.alloc(64 * 1024)
  for (let prefix = 0; prefix < PREFIX_COUNT; prefix++) {
    const next = extentAt(after.table, prefix)
    const old = before ? extentAt(before.table, prefix) : null
    if (next.rows !== (old?.rows ?? 0)) {
      changed++
      continue
    }
    if (!before || !old || next.rows === 0) continue
    const bytes = next.rows * after.width
    if (bytes > a.length) [a, b] = [Buffer.alloc(bytes), Buffer.alloc(bytes)]
    readSync(
      before.fds[old.segment] as number,
      a,
      0,
      bytes,
      HEADER_BYTES + old.recordStart * before.width,
    )
    readSync(
      after.fds[next.segment] as number,
      b,
      0,
      bytes,
      HEADER_BYTES + next.recordStart * after.width,
    )
    if (a.compare(b, 0, bytes, 0, bytes) !== 0) changed++
  }
  const change: CorpusChange = {
    mode,
    changedPrefixes: changed,
    hashesBefore: before ? before.hashCount : 0,
    hashesAfter: after.hashCount,
  }
  return change
}

export function closeSnapshot(snapshot: RecordSnapshot | null): void {
  if (snapshot) for (const fd of snapshot.fds) closeSync(fd)
}

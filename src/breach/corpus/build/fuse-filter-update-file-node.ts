import { createHash } from 'node:crypto'
import { closeSync, openSync, readSync, writeSync } from 'node:fs'
import { SHARD_WORDS } from '../../filter/digest-fuse-filter.js'
import {
  FILTER_HEADER_BYTES,
  decodeFuseHeader,
  encodeFuseHeader,
} from '../../filter/filter-file-format.js'
import type { FuseShardTable, FuseShardUpdateResult } from './fuse-shard-update.js'

const CHUNK = 64 * 1024 * 1024

/** The header and shard table of a fuse filter file, without its fingerprints. */
export function readFuseShardTable(file: string): FuseShardTable & { tableEnd: number } {
  const fd = openSync(file, 'r')
  try {
    const header = new Uint8Array(FILTER_HEADER_BYTES)
    readSync(fd, header, 0, FILTER_HEADER_BYTES, 0)
    const fields = decodeFuseHeader(header)
    if (typeof fields === 'string') throw new Error(`${file}: ${fields}`)
    if (fields.shardBits > 20)
      throw new Error(`${file}: fuse filter has ${fields.shardBits} shard bits`)
    const table = new Uint32Array(2 ** fields.shardBits * SHARD_WORDS)
    const bytes = new Uint8Array(table.buffer)
    if (readSync(fd, bytes, 0, bytes.length, FILTER_HEADER_BYTES) !== bytes.length) {
      throw new Error(`${file}: fuse filter file ended in its shard table`)
    }
    return { shardBits: fields.shardBits, table, tableEnd: FILTER_HEADER_BYTES + bytes.length }
  } finally {
    closeSync(fd)
  }
}

/**
 * Writes the updated filter to `file` (a new file; `oldFile`, the served one, is only read):
 * header, the new shard table, then each shard's fingerprints, copied from `oldFile` for a
 * kept shard (runs of neighbouring kept shards in one read) or the rebuilt bytes. The layout
 * is the one `writeFuseFilterFile` writes, so readers and `corpus verify` see no difference.
 */
export function writeUpdatedFuseFilter(
  oldFile: string,
  file: string,
  update: FuseShardUpdateResult,
): { bytes: number; sha256: string } {
  const oldBase = readFuseShardTable(oldFile).tableEnd
  const hash = createHash('sha256')
  const input = openSync(oldFile, 'r')
  const output = openSync(file, 'wx')
  let bytes = 0
  const write = (part: Uint8Array) => {
    writeSync(output, part)
    hash.update(part)
    bytes += part.length
  }
  // Pending run of kept bytes: [runStart, runEnd) of the old fingerprints.
  let runStart = 0
  let runEnd = 0
  const buffer = new Uint8Array(Math.min(CHUNK, Math.max(1, update.fingerprintBytes)))
  const flush = () => {
    for (let at = runStart; at < runEnd;) {
      const length = Math.min(buffer.length, runEnd - at)
      const read = readSync(input, buffer, 0, length, oldBase + at)
      if (read !== length) throw new Error(`${oldFile}: fuse filter file ended early`)
      write(buffer.subarray(0, length))
      at += length
    }
    runStart = runEnd = 0
  }
  try {
    write(
      encodeFuseHeader({
        shardBits: update.shardBits,
        items: update.items,
        fingerprintBytes: update.fingerprintBytes,
      }),
    )
    write(new Uint8Array(update.table.buffer, update.table.byteOffset, update.table.byteLength))
    update.sources.forEach((source, shard) => {
      if ('fingerprints' in source) {
        flush()
        write(source.fingerprints)
        return
      }
      const length = update.table[shard * SHARD_WORDS + 5] as number
      if (runEnd !== source.oldOffset || runEnd === runStart) {
        flush()
        runStart = source.oldOffset
      }
      runEnd = source.oldOffset + length
    })
    flush()
  } finally {
    closeSync(input)
    closeSync(output)
  }
  return { bytes, sha256: hash.digest('hex') }
}

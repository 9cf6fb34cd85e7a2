import { closeSync, openSync, readSync, writeSync } from 'node:fs'
import { SHARD_WORDS } from '../../filter/digest-fuse-filter.js'
import {
  FILTER_HEADER_BYTES,
  decodeFuseHeader,
  encodeFuseHeader,
} from '../../filter/filter-file-format.js'
import type { FuseShardSource, FuseShardTable, FuseShardUpdateResult } from './fuse-shard-update.js'

const CHUNK = 8 * 1024 * 1024

/** The header and shard table of a fuse filter file, without its fingerprints. */
export function readFuseShardTable(file: string): FuseShardTable & { tableEnd: number } {
  const fd = openSync(file, 'r')
  try {
    const header = new Uint8Array(FILTER_HEADER_BYTES)
    readSync(fd, header, 0, FILTER_HEADER_BYTES, 0)
    const fields = decodeFuseHeader(header)
    if (typeof fields === 'string') throw new Error(`${file}: ${fields}`)
    if (fields.shardBits > 20) {
      throw new Error(`${file}: fuse filter has ${fields.shardBits} shard bits`)
    }
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
 * Writes the updated filter to `file` (a new file; `oldFile`, the served one, is only read)
 * shard by shard as FuseShardUpdate closes them (`take` is its sink): a rebuilt shard's bytes
 * at once, a kept shard's copied from `oldFile` (runs of neighbouring kept shards in one read).
 * Kept shards before the first rebuilt one are one pending run, so when nothing is rebuilt
 * nothing is written before `finish`. The header and table go in front at the end. The layout
 * is `writeFuseFilterFile`'s, so readers and `corpus verify` see no difference.
 */
export class FuseFilterFileUpdate {
  private readonly input: number
  private readonly output: number
  private readonly oldBase: number
  private position: number
  private runStart = 0
  private runEnd = 0
  private buffer: Uint8Array | null = null
  private closed = false

  constructor(
    private readonly oldFile: string,
    file: string,
    old: FuseShardTable & { tableEnd: number },
  ) {
    this.oldBase = old.tableEnd
    this.position = old.tableEnd
    this.input = openSync(oldFile, 'r')
    try {
      this.output = openSync(file, 'w')
    } catch (error) {
      closeSync(this.input)
      throw error
    }
  }

  readonly take = (row: Uint32Array, source: FuseShardSource): void => {
    if ('fingerprints' in source) {
      this.flush()
      this.write(source.fingerprints)
      return
    }
    if (this.runEnd !== source.oldOffset || this.runEnd === this.runStart) {
      this.flush()
      this.runStart = source.oldOffset
    }
    this.runEnd = source.oldOffset + (row[5] as number)
  }

  /** Writes the last kept run, then the header and table in front; closes both files. */
  finish(update: FuseShardUpdateResult): void {
    try {
      this.flush()
      const { shardBits, items, fingerprintBytes, table } = update
      this.position = 0
      this.write(encodeFuseHeader({ shardBits, items, fingerprintBytes }))
      this.write(new Uint8Array(table.buffer, table.byteOffset, table.byteLength))
    } finally {
      this.abandon()
    }
  }

  /** Closes both files (the update failed or starts over); once only. */
  abandon(): void {
    if (this.closed) return
    this.closed = true
    closeSync(this.input)
    closeSync(this.output)
  }

  private write(part: Uint8Array): void {
    for (let at = 0; at < part.length;) {
      at += writeSync(this.output, part, at, part.length - at, this.position + at)
    }
    this.position += part.length
  }

  private flush(): void {
    if (this.runEnd <= this.runStart) return
    this.buffer ??= new Uint8Array(CHUNK)
    for (let at = this.runStart; at < this.runEnd;) {
      const length = Math.min(this.buffer.length, this.runEnd - at)
      const read = readSync(this.input, this.buffer, 0, length, this.oldBase + at)
      if (read !== length) throw new Error(`${this.oldFile}: fuse filter file ended early`)
      this.write(this.buffer.subarray(0, length))
      at += length
    }
    this.runStart = this.runEnd = 0
  }
}

import { buildFuseShard } from '../../filter/binary-fuse-shard.js'
import { SHARD_WORDS } from '../../filter/digest-fuse-filter.js'
import { recordBytes } from '../corpus-format.js'

/** The served filter's shard layout: all an update needs to keep a shard as it is. */
export interface FuseShardTable {
  shardBits: number
  /** 2^shardBits × SHARD_WORDS uint32 (see DigestFuseFilter). */
  table: Uint32Array
}

/** A shard of the new filter: kept (its bytes sit at `oldOffset` in the served file) or rebuilt. */
export type FuseShardSource = { oldOffset: number } | { fingerprints: Uint8Array }

/** Gets each shard of the new filter as it closes, in order, with its final table row. */
export type FuseShardSink = (row: Uint32Array, source: FuseShardSource) => void

export interface FuseShardUpdateResult extends FuseShardTable {
  fingerprintBytes: number
  items: number
  rebuiltShards: number
  rebuiltKeys: number
}

const SHA1_RECORD = recordBytes('sha1')

/**
 * The new version's binary fuse filter, shard by shard. A shard covers a contiguous group of
 * 2^(20 − shardBits) prefixes, and the update walks every prefix of the new version in
 * ascending order (changed or not), so one shard's keys are held at a time: when the prefixes
 * leave a shard it is rebuilt from them if one of its prefixes changed, and otherwise kept
 * (same row, same bytes). The build is deterministic, so a rebuilt shard is byte for byte
 * the one a full build of the new version makes with the same shard bits. Shards close in
 * order, so each one's offset is known when it closes and `sink` can write it out at once:
 * memory is one shard's keys and fingerprints.
 */
export class FuseShardUpdate {
  private readonly shift: number
  private readonly table: Uint32Array
  private offset = 0
  private keys = new Uint32Array(3 * 4096)
  private count = 0
  private changed = false
  private shard = 0
  private items = 0
  private rebuiltShards = 0
  private rebuiltKeys = 0

  constructor(
    private readonly old: FuseShardTable,
    private readonly sink: FuseShardSink,
  ) {
    this.shift = 20 - old.shardBits
    this.table = new Uint32Array(old.table.length)
  }

  /** Prefix `prefix` of the new version (packed SHA-1 records, sorted) and whether it changed. */
  takePrefix(prefix: number, packed: Uint8Array, changed: boolean): void {
    const shard = prefix >>> this.shift
    if (shard < this.shard) throw new RangeError('fuse shard update: prefixes must ascend')
    while (this.shard < shard) this.closeShard()
    this.changed ||= changed
    const rows = packed.length / SHA1_RECORD
    if ((this.count + rows) * 3 > this.keys.length) {
      const grown = new Uint32Array(Math.max(this.keys.length * 2, (this.count + rows) * 3))
      grown.set(this.keys.subarray(0, this.count * 3))
      this.keys = grown
    }
    const keys = this.keys
    for (let row = 0, at = 0; row < rows; row++, at += SHA1_RECORD) {
      const k = this.count++ * 3
      // The key words FuseFilterBuilder takes: digest bytes 4-7, 8-11, then 0-3 (see there).
      keys[k] = word(packed, at + 1)
      keys[k + 1] = word(packed, at + 5)
      keys[k + 2] =
        ((prefix << 12) | ((packed[at] as number) << 4) | ((packed[at + 1] as number) >> 4)) >>> 0
    }
  }

  /** Closes the remaining shards; the new table has every shard end to end. */
  finish(): FuseShardUpdateResult {
    const shards = 2 ** this.old.shardBits
    while (this.shard < shards) this.closeShard()
    return {
      shardBits: this.old.shardBits,
      table: this.table,
      fingerprintBytes: this.offset,
      items: this.items,
      rebuiltShards: this.rebuiltShards,
      rebuiltKeys: this.rebuiltKeys,
    }
  }

  private closeShard(): void {
    const row = this.shard * SHARD_WORDS
    const old = this.old.table
    const low = this.offset % 4294967296
    const high = Math.floor(this.offset / 4294967296)
    let source: FuseShardSource
    // A key count that differs from the served shard's means a change, whatever the digests said.
    if (!this.changed && this.count === old[row + 6]) {
      this.table.set(old.subarray(row, row + SHARD_WORDS), row)
      this.table.set([low, high], row)
      source = { oldOffset: (old[row] as number) + (old[row + 1] as number) * 4294967296 }
    } else {
      const { parameters: p, fingerprints } = buildFuseShard(this.keys, this.count)
      const { seed, segmentLength, segmentCountLength, arrayLength, size } = p
      this.table.set([low, high, seed, segmentLength, segmentCountLength, arrayLength, size], row)
      source = { fingerprints }
      this.rebuiltShards++
      this.rebuiltKeys += this.count
    }
    this.offset += this.table[row + 5] as number
    this.sink(this.table.subarray(row, row + SHARD_WORDS), source)
    this.items += this.count
    this.count = 0
    this.changed = false
    this.shard++
  }
}

/** Four digest bytes as a uint32, from the packed bytes at `at` (each straddles two of them). */
function word(packed: Uint8Array, at: number): number {
  return (
    ((((packed[at] as number) & 15) << 28) |
      ((packed[at + 1] as number) << 20) |
      ((packed[at + 2] as number) << 12) |
      ((packed[at + 3] as number) << 4) |
      ((packed[at + 4] as number) >> 4)) >>>
    0
  )
}

import type { BreachFilter } from '../range-reader.js'
import type { DigestSink } from './digest-bloom-filter.js'
import { fuseSlots } from './binary-fuse-shard.js'

/** uint32 words per shard row: offset low, high, seed, segment length, h0 range, array length, size, 0. */
export const SHARD_WORDS = 8

/**
 * A binary fuse filter (8-bit fingerprints, ~9.1 bits per digest, FPR 2^-8) over SHA-1
 * digests, split into 2^shardBits shards by the digest's top bits so it can be built one
 * shard at a time from sorted input in bounded memory. Shard s's table row (SHARD_WORDS uint32
 * in `table`) says where its fingerprints start in `fingerprints` and how to hash into them.
 * Both arrays are views over the file as read: loading does no per-entry work. Digests added
 * at run time (`add`) go to a small exact overlay, as a static filter cannot take them.
 */
export class DigestFuseFilter implements BreachFilter, DigestSink {
  private readonly overlay = new Set<string>()
  private readonly slots = new Uint32Array(4)
  private readonly shift: number

  constructor(
    readonly shardBits: number,
    readonly items: number,
    readonly table: Uint32Array,
    readonly fingerprints: Uint8Array,
  ) {
    this.shift = 32 - shardBits
  }

  /** Bytes the filter occupies (table + fingerprints). */
  get bytes(): number {
    return this.table.byteLength + this.fingerprints.byteLength
  }

  mightContain(sha1Hex: string): boolean {
    if (this.test(hexWord(sha1Hex, 0), hexWord(sha1Hex, 8), hexWord(sha1Hex, 16))) return true
    return this.overlay.size > 0 && this.overlay.has(sha1Hex.toUpperCase())
  }

  add(sha1Hex: string): void {
    this.overlay.add(sha1Hex.toUpperCase())
  }

  /** Tests a raw digest (≥ 12 bytes from `offset`). */
  mightContainDigest(digest: Uint8Array, offset = 0): boolean {
    return this.test(
      byteWord(digest, offset),
      byteWord(digest, offset + 4),
      byteWord(digest, offset + 8),
    )
  }

  /** Only for the DigestSink type: a built fuse filter takes no more digests. */
  addDigest(): void {
    throw new Error('a binary fuse filter is static; build it with FuseFilterBuilder')
  }

  /** The key is the digest's first 96 bits: w0's top bits pick the shard, all three hash. */
  private test(w0: number, w1: number, w2: number): boolean {
    const row = (this.shardBits === 0 ? 0 : w0 >>> this.shift) * SHARD_WORDS
    const table = this.table
    const size = table[row + 6] as number
    if (size === 0) return false
    const base = (table[row] as number) + (table[row + 1] as number) * 4294967296
    const h = this.slots
    fuseSlots(
      table[row + 2] as number,
      table[row + 3] as number,
      table[row + 4] as number,
      w1,
      w2,
      w0,
      h,
    )
    const f = this.fingerprints
    return (
      ((f[base + (h[0] as number)] as number) ^
        (f[base + (h[1] as number)] as number) ^
        (f[base + (h[2] as number)] as number)) ===
      h[3]
    )
  }
}

/** 8 hex characters from `start` as a uint32, either case (callers validate the hex). */
function hexWord(hex: string, start: number): number {
  let word = 0
  for (let i = start; i < start + 8; i++) {
    const code = hex.charCodeAt(i)
    word = word * 16 + ((code & 15) + (code >> 6) * 9)
  }
  return word
}

/** 4 bytes from `offset` as a big-endian uint32. */
export function byteWord(bytes: Uint8Array, offset: number): number {
  return (
    (((bytes[offset] as number) << 24) |
      ((bytes[offset + 1] as number) << 16) |
      ((bytes[offset + 2] as number) << 8) |
      (bytes[offset + 3] as number)) >>>
    0
  )
}

import type { BreachFilter } from '../range-reader.js'
import { bloomBytes, type BloomParameters } from './bloom-parameters.js'

const TWO_24 = 2 ** 24

/** Where the builder sends each distinct SHA-1 digest: a filter, or a worker filling one. */
export interface DigestSink {
  /** Takes the digest's first 12 bytes from `offset` (all the bit positions use). */
  addDigest(digest: Uint8Array, offset?: number): void
}
const SMALL_BITS = 2 ** 31 - 1

/**
 * A Bloom filter over SHA-1 digests that takes its bit positions from the digest itself: a
 * SHA-1 is already uniformly random, so hashing it again (as generic filters do) only costs
 * time. Double hashing g_i = h1 + i·h2 (mod m) with h1, h2 the digest's first two 48-bit
 * words; every value stays below 2^53, so float64 arithmetic is exact for any m < 2^52 bits.
 */
export class DigestBloomFilter implements BreachFilter, DigestSink {
  readonly bits: number
  readonly hashes: number
  readonly items: number
  /** The bit array, bit i at byte floor(i/8), mask 1 << (i mod 8). */
  readonly array: Uint8Array

  constructor(parameters: BloomParameters, array?: Uint8Array) {
    this.bits = parameters.bits
    this.hashes = parameters.hashes
    this.items = parameters.items
    this.array = array ?? new Uint8Array(bloomBytes(parameters.bits))
    if (this.array.length !== bloomBytes(this.bits)) {
      throw new RangeError(
        `filter array is ${this.array.length} bytes, expected ${bloomBytes(this.bits)}`,
      )
    }
  }

  mightContain(sha1Hex: string): boolean {
    const h1 = hexWord48(sha1Hex, 0)
    const h2 = hexWord48(sha1Hex, 12)
    return this.testHalves(h1, h2)
  }

  add(sha1Hex: string): void {
    this.setHalves(hexWord48(sha1Hex, 0), hexWord48(sha1Hex, 12))
  }

  /** Adds a raw digest (≥ 12 bytes from `offset`); the builder's path, no hex round-trip. */
  addDigest(digest: Uint8Array, offset = 0): void {
    this.setHalves(byteWord48(digest, offset), byteWord48(digest, offset + 6))
  }

  /** Tests a raw digest (≥ 12 bytes from `offset`). */
  mightContainDigest(digest: Uint8Array, offset = 0): boolean {
    return this.testHalves(byteWord48(digest, offset), byteWord48(digest, offset + 6))
  }

  private testHalves(h1: number, h2: number): boolean {
    const m = this.bits
    const array = this.array
    const step = floatMod(h2, m) || 1
    let index = floatMod(h1, m)
    if (m <= SMALL_BITS) {
      // Below 2^31 bits, int32 shifts are exact and faster than float division.
      for (let i = 0; i < this.hashes; i++) {
        if (((array[index >>> 3] as number) & (1 << (index & 7))) === 0) return false
        index += step
        if (index >= m) index -= m
      }
      return true
    }
    for (let i = 0; i < this.hashes; i++) {
      const byte = Math.floor(index / 8)
      if (((array[byte] as number) & (1 << (index - byte * 8))) === 0) return false
      index += step
      if (index >= m) index -= m
    }
    return true
  }

  private setHalves(h1: number, h2: number): void {
    const m = this.bits
    const array = this.array
    const step = floatMod(h2, m) || 1
    let index = floatMod(h1, m)
    if (m <= SMALL_BITS) {
      // The build's hot loop (one per distinct hash): int32 bit arithmetic, no division.
      for (let i = 0; i < this.hashes; i++) {
        array[index >>> 3] = (array[index >>> 3] as number) | (1 << (index & 7))
        index += step
        if (index >= m) index -= m
      }
      return
    }
    for (let i = 0; i < this.hashes; i++) {
      const byte = Math.floor(index / 8)
      array[byte] = (array[byte] as number) | (1 << (index - byte * 8))
      index += step
      if (index >= m) index -= m
    }
  }
}

/**
 * The bit positions a digest maps to, for tests and tools (the filter inlines the same loop).
 * `h1`, `h2` are the digest's first and second 48-bit big-endian words.
 */
export function bloomBitIndexes(h1: number, h2: number, bits: number, hashes: number): number[] {
  const step = floatMod(h2, bits) || 1
  let index = floatMod(h1, bits)
  const out: number[] = []
  for (let i = 0; i < hashes; i++) {
    out.push(index)
    index += step
    if (index >= bits) index -= bits
  }
  return out
}

/**
 * `value mod m` for integers value < 2^48, m < 2^52, without `%` (V8 calls C fmod for
 * doubles, the slowest step of a lookup). q·m ≤ value + m < 2^53 is exact, and the rounded
 * quotient is off by at most one, which the two corrections fix.
 */
export function floatMod(value: number, m: number): number {
  let rest = value - Math.floor(value / m) * m
  if (rest < 0) rest += m
  else if (rest >= m) rest -= m
  return rest
}

/** 12 hex characters from `start` as a 48-bit integer, either case, without slicing strings. */
export function hexWord48(hex: string, start: number): number {
  let high = 0
  let low = 0
  for (let i = 0; i < 6; i++) high = high * 16 + nibble(hex.charCodeAt(start + i))
  for (let i = 6; i < 12; i++) low = low * 16 + nibble(hex.charCodeAt(start + i))
  return high * TWO_24 + low
}

/** 6 bytes from `offset` as a 48-bit big-endian integer. */
export function byteWord48(bytes: Uint8Array, offset: number): number {
  const high =
    ((bytes[offset] ?? 0) << 16) | ((bytes[offset + 1] ?? 0) << 8) | (bytes[offset + 2] ?? 0)
  const low =
    ((bytes[offset + 3] ?? 0) << 16) | ((bytes[offset + 4] ?? 0) << 8) | (bytes[offset + 5] ?? 0)
  return high * TWO_24 + low
}

// '0'-'9' → 0-9, 'A'-'F'/'a'-'f' → 10-15 without a branch (bit 6 is set only for letters);
// other characters give garbage, callers validate.
const nibble = (code: number) => (code & 15) + (code >> 6) * 9

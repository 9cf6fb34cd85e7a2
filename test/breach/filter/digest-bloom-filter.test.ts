import { createHash, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { bloomParameters } from '../../../src/breach/filter/bloom-parameters.js'
import {
  DigestBloomFilter,
  bloomBitIndexes,
  hexWord48,
} from '../../../src/breach/filter/digest-bloom-filter.js'

const randomSha1 = () => randomBytes(20).toString('hex').toUpperCase()

describe('DigestBloomFilter', () => {
  it('has no false negatives, in either hex case', () => {
    const filter = new DigestBloomFilter(bloomParameters(50_000, 0.001))
    const members = Array.from({ length: 50_000 }, randomSha1)
    for (const sha1 of members) filter.add(sha1)
    expect(members.every((sha1) => filter.mightContain(sha1))).toBe(true)
    expect(members.every((sha1) => filter.mightContain(sha1.toLowerCase()))).toBe(true)
  })

  it('keeps the FPR within 1.2x of the target on 1 M non-members', () => {
    const target = 0.001
    const filter = new DigestBloomFilter(bloomParameters(200_000, target))
    for (let i = 0; i < 200_000; i++) filter.add(randomSha1())
    const probes = randomBytes(20 * 1_000_000)
      .toString('hex')
      .toUpperCase()
    let hits = 0
    for (let i = 0; i < 1_000_000; i++) {
      if (filter.mightContain(probes.slice(i * 40, i * 40 + 40))) hits++
    }
    expect(hits / 1_000_000).toBeLessThanOrEqual(1.2 * target)
    // A filter that answered "maybe" to everything, or to nothing, fails one of these.
    expect(hits).toBeGreaterThan(0)
  })

  it('is sized within 2 % of the Bloom optimum and uses k = round(m/n ln 2)', () => {
    for (const [n, p] of [
      [1_000_000, 0.001],
      [123_457, 0.01],
      [10_000, 0.0001],
    ] as const) {
      const filter = new DigestBloomFilter(bloomParameters(n, p))
      const optimumBytes = (-n * Math.log(p)) / Math.LN2 ** 2 / 8
      expect(filter.array.length / optimumBytes).toBeGreaterThanOrEqual(1)
      expect(filter.array.length / optimumBytes).toBeLessThan(1.02)
      expect(filter.hashes).toBe(Math.round((filter.bits / n) * Math.LN2))
    }
  })

  it('sets exactly the bits bloomBitIndexes names', () => {
    const filter = new DigestBloomFilter({ bits: 10_007, hashes: 7, items: 1 })
    const sha1 = createHash('sha1').update('password').digest('hex')
    filter.add(sha1)
    const expected = bloomBitIndexes(hexWord48(sha1, 0), hexWord48(sha1, 12), 10_007, 7)
    const set: number[] = []
    filter.array.forEach((byte, at) => {
      for (let bit = 0; bit < 8; bit++) if (byte & (1 << bit)) set.push(at * 8 + bit)
    })
    expect(set).toEqual([...new Set(expected)].sort((a, b) => a - b))
  })
})

describe('bloomBitIndexes past 2^32 bits', () => {
  it('matches exact BigInt double hashing for m > 2^32 and reaches indexes above 2^32', () => {
    const bits = 2 ** 33 + 12_345 // ~1 GiB filter: tested on the index function, not allocated.
    let above = 0
    for (let trial = 0; trial < 2_000; trial++) {
      const digest = randomBytes(12)
      const h1 = digest.readUIntBE(0, 6)
      const h2 = digest.readUIntBE(6, 6)
      const got = bloomBitIndexes(h1, h2, bits, 12)
      const m = BigInt(bits)
      const step = BigInt(h2) % m || 1n
      const want = Array.from({ length: 12 }, (_, i) => Number((BigInt(h1) + BigInt(i) * step) % m))
      expect(got).toEqual(want)
      above += got.filter((index) => index >= 2 ** 32).length
    }
    expect(above).toBeGreaterThan(0)
  })

  it('reads the 48-bit words of the hex digest exactly', () => {
    const sha1 = 'FFFFFFFFFFFF000000000001' + '0'.repeat(16)
    expect(hexWord48(sha1, 0)).toBe(2 ** 48 - 1)
    expect(hexWord48(sha1, 12)).toBe(1)
    expect(hexWord48('abcdef012345', 0)).toBe(0xabcdef012345)
  })
})

import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FuseFilterBuilder, fuseShardBits } from '../../../src/breach/filter/fuse-filter-builder.js'
import {
  readFuseFilterFile,
  writeFuseFilterFile,
} from '../../../src/breach/filter/fuse-filter-file-node.js'

const hex = (digest: Buffer) => digest.toString('hex').toUpperCase()

/** `count` distinct random SHA-1-sized digests in ascending order. */
function sortedDigests(count: number): Buffer[] {
  return Array.from({ length: count }, () => randomBytes(20)).sort(Buffer.compare)
}

describe('DigestFuseFilter', () => {
  const members = sortedDigests(30_000)
  const builder = new FuseFilterBuilder(members.length, 4)
  for (const digest of members) builder.addDigest(digest)
  const filter = builder.finish()

  it('holds every member, in 16 shards, at ~9.2 bits each and FPR near 2^-8', () => {
    expect(filter.shardBits).toBe(4)
    expect(members.every((digest) => filter.mightContain(hex(digest)))).toBe(true)
    expect(members.every((digest) => filter.mightContainDigest(digest))).toBe(true)
    const strangers = Array.from({ length: 50_000 }, () => hex(randomBytes(20)))
    const fpr = strangers.filter((key) => filter.mightContain(key)).length / strangers.length
    expect(fpr).toBeGreaterThan(0.002)
    expect(fpr).toBeLessThan(0.007)
    // Small shards pay the reference sizing's larger factor; 2^19-key shards get ~9.1.
    expect((filter.bytes * 8) / members.length).toBeLessThan(12)
  })

  it('reads back from its file with the same answers, without parsing entries', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pwguard-fuse-test-'))
    try {
      writeFuseFilterFile(join(dir, 'filter.bin'), filter)
      const loaded = readFuseFilterFile(join(dir, 'filter.bin'))
      expect([loaded.shardBits, loaded.items, loaded.bytes]).toEqual([4, 30_000, filter.bytes])
      const keys = [...members.slice(0, 500), ...sortedDigests(500)].map(hex)
      expect(keys.map((key) => loaded.mightContain(key))).toEqual(
        keys.map((key) => filter.mightContain(key)),
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('refuses unsorted input and keeps run-time additions in its exact overlay', () => {
    const unsorted = new FuseFilterBuilder(10, 4)
    unsorted.addDigest(Buffer.alloc(20, 0xff))
    expect(() => unsorted.addDigest(Buffer.alloc(20, 0))).toThrow(/sorted/)
    const added = hex(randomBytes(20))
    filter.add(added.toLowerCase())
    expect(filter.mightContain(added)).toBe(true)
  })

  it('sizes shards at about 2^17 digests, up to one per 5-hex prefix', () => {
    expect([
      fuseShardBits(1000),
      fuseShardBits(5e8),
      fuseShardBits(2e9),
      fuseShardBits(1e13),
    ]).toEqual([0, 12, 14, 20])
  })
})

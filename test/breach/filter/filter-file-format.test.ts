import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { bloomParameters } from '../../../src/breach/filter/bloom-parameters.js'
import { DigestBloomFilter } from '../../../src/breach/filter/digest-bloom-filter.js'
import { FuseFilterBuilder } from '../../../src/breach/filter/fuse-filter-builder.js'
import { writeFilterFile } from '../../../src/breach/filter/filter-file-node.js'
import {
  decodeBloomHeader,
  decodeFuseHeader,
  FILTER_HEADER_BYTES,
} from '../../../src/breach/filter/filter-file-format.js'
import { writeFuseFilterFile } from '../../../src/breach/filter/fuse-filter-file-node.js'

// The Worker decodes filter.bin with the runtime-free module alone: what the Node writer puts
// on disk must read back through it, field for field.
describe('filter file format (runtime-free)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pwguard-filter-format-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('decodes the header the Node writer wrote for a Bloom filter', () => {
    const filter = new DigestBloomFilter(bloomParameters(1_000, 0.01))
    writeFilterFile(join(dir, 'bloom.bin'), filter)
    const header = readFileSync(join(dir, 'bloom.bin')).subarray(0, FILTER_HEADER_BYTES)
    expect(decodeBloomHeader(header)).toEqual({
      bits: filter.bits,
      hashes: filter.hashes,
      items: 1_000,
    })
    expect(decodeFuseHeader(header)).toBe('not a pwguard fuse filter file (bad magic)')
  })

  it('decodes the header the Node writer wrote for a fuse filter', () => {
    const builder = new FuseFilterBuilder(2_000, 2)
    const digests = Array.from({ length: 2_000 }, () => randomBytes(20)).sort(Buffer.compare)
    for (const digest of digests) builder.addDigest(digest)
    const filter = builder.finish()
    writeFuseFilterFile(join(dir, 'fuse.bin'), filter)
    const header = readFileSync(join(dir, 'fuse.bin')).subarray(0, FILTER_HEADER_BYTES)
    expect(decodeFuseHeader(header)).toEqual({
      shardBits: filter.shardBits,
      items: filter.items,
      fingerprintBytes: filter.fingerprints.length,
    })
    expect(decodeBloomHeader(header)).toBe('not a pwguard filter file (bad magic)')
  })

  it('names a corrupt Bloom header instead of loading it', () => {
    const header = new Uint8Array(FILTER_HEADER_BYTES)
    header.set([...'PWGBLM01'].map((c) => c.charCodeAt(0)))
    expect(decodeBloomHeader(header)).toBe('filter header is corrupt (bits 0, hashes 0)')
  })
})

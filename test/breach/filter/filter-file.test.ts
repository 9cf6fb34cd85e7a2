import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { bloomParameters } from '../../../src/breach/filter/bloom-parameters.js'
import { DigestBloomFilter } from '../../../src/breach/filter/digest-bloom-filter.js'
import { readFilterFile, writeFilterFile } from '../../../src/breach/filter/filter-file-node.js'

describe('filter file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pwguard-filter-'))
  const file = join(dir, 'filter.bin')
  const filter = new DigestBloomFilter(bloomParameters(5_000, 0.001))
  const members = Array.from({ length: 5_000 }, () => randomBytes(20).toString('hex'))
  members.forEach((sha1) => filter.add(sha1))
  const written = writeFilterFile(file, filter)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('round-trips the header and bit array', () => {
    const loaded = readFilterFile(file)
    expect([loaded.bits, loaded.hashes, loaded.items]).toEqual([filter.bits, filter.hashes, 5_000])
    expect(Buffer.from(loaded.array).equals(Buffer.from(filter.array))).toBe(true)
    expect(members.every((sha1) => loaded.mightContain(sha1))).toBe(true)
    expect(written.bytes).toBe(readFileSync(file).length)
  })

  it('refuses a bad magic and a wrong size', () => {
    const bytes = readFileSync(file)
    writeFileSync(
      join(dir, 'magic.bin'),
      Buffer.concat([Buffer.from('XXXXXXXX'), bytes.subarray(8)]),
    )
    expect(() => readFilterFile(join(dir, 'magic.bin'))).toThrow(/bad magic/)
    writeFileSync(join(dir, 'short.bin'), bytes.subarray(0, bytes.length - 1))
    expect(() => readFilterFile(join(dir, 'short.bin'))).toThrow(/expected/)
  })
})

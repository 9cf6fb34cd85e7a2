import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { bloomParameters } from '../../../src/breach/filter/bloom-parameters.js'
import { DigestBloomFilter } from '../../../src/breach/filter/digest-bloom-filter.js'
import { startBloomFill } from '../../../src/breach/filter/bloom-fill-node.js'
import { ParallelBloomFill } from '../../../src/breach/filter/parallel-bloom-fill-node.js'

describe('ParallelBloomFill', () => {
  it('sets exactly the bits an inline fill sets, over several batches', () => {
    const count = 200_000 // three 64 K batches and a partial one
    const digests = randomBytes(count * 20)
    const parameters = bloomParameters(count, 0.001)
    const inline = new DigestBloomFilter(parameters)
    const parallel = new ParallelBloomFill().begin({ parameters })
    for (let i = 0; i < count; i++) {
      inline.addDigest(digests, i * 20)
      parallel.addDigest(digests, i * 20)
    }
    const filled = parallel.finish() as DigestBloomFilter
    expect(filled.bits).toBe(inline.bits)
    expect(Buffer.from(filled.array).equals(Buffer.from(inline.array))).toBe(true)
    const sample = digests.subarray(0, 20)
    expect(filled.mightContain(sample.toString('hex'))).toBe(true)
  })

  it('fills big filters on a worker and small ones inline', () => {
    const big = startBloomFill(bloomParameters(2_000_000, 0.001))
    expect(big.sink).toBeInstanceOf(ParallelBloomFill)
    big.sink.addDigest(randomBytes(20))
    expect((big.finish() as DigestBloomFilter).array.some((byte) => byte !== 0)).toBe(true)
    const small = startBloomFill(bloomParameters(1000, 0.001))
    expect(small.sink).toBeInstanceOf(DigestBloomFilter)
  })

  it('sizes the filter from the lines of the given files, counted on the worker', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pwguard-fill-test-'))
    try {
      const digests = Array.from({ length: 5000 }, () => randomBytes(20))
      const lines = digests.map((digest) => `${digest.toString('hex')}:1`)
      writeFileSync(join(dir, 'a.txt'), `${lines.slice(0, 3000).join('\r\n')}\r\n`)
      writeFileSync(join(dir, 'b.txt'), lines.slice(3000).join('\n'))
      const parallel = new ParallelBloomFill().begin({
        countFiles: [join(dir, 'a.txt'), join(dir, 'b.txt')],
        fpr: 0.01,
      })
      const inline = new DigestBloomFilter(bloomParameters(5000, 0.01))
      for (const digest of digests) {
        parallel.addDigest(digest)
        inline.addDigest(digest)
      }
      const filled = parallel.finish() as DigestBloomFilter
      expect({ bits: filled.bits, hashes: filled.hashes, items: filled.items }).toEqual(
        bloomParameters(5000, 0.01),
      )
      expect(Buffer.from(filled.array).equals(Buffer.from(inline.array))).toBe(true)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('reports a failure of the worker as an error in the caller', () => {
    const fill = new ParallelBloomFill().begin({
      countFiles: ['/nonexistent/pwned.txt'],
      fpr: 0.01,
    })
    fill.addDigest(randomBytes(20))
    expect(() => fill.finish()).toThrow(/filter worker thread failed: .*ENOENT/)
  })
})

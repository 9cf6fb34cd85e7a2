import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { bloomParameters } from '../../../src/breach/filter/bloom-parameters.js'
import { DigestBloomFilter } from '../../../src/breach/filter/digest-bloom-filter.js'
import {
  ParallelBloomFill,
  startBloomFill,
} from '../../../src/breach/filter/parallel-bloom-fill-node.js'

describe('ParallelBloomFill', () => {
  it('sets exactly the bits an inline fill sets, over several batches', () => {
    const count = 200_000 // three 64 K batches and a partial one
    const digests = randomBytes(count * 20)
    const parameters = bloomParameters(count, 0.001)
    const inline = new DigestBloomFilter(parameters)
    const parallel = new ParallelBloomFill().begin(parameters)
    for (let i = 0; i < count; i++) {
      inline.addDigest(digests, i * 20)
      parallel.addDigest(digests, i * 20)
    }
    const filled = parallel.finish()
    expect(filled.bits).toBe(inline.bits)
    expect(Buffer.from(filled.array).equals(Buffer.from(inline.array))).toBe(true)
    const sample = digests.subarray(0, 20)
    expect(filled.mightContain(sample.toString('hex'))).toBe(true)
  })

  it('fills big filters on a worker and small ones inline', () => {
    const big = startBloomFill(bloomParameters(2_000_000, 0.001))
    expect(big.sink).toBeInstanceOf(ParallelBloomFill)
    big.sink.addDigest(randomBytes(20))
    expect(big.finish().array.some((byte) => byte !== 0)).toBe(true)
    const small = startBloomFill(bloomParameters(1000, 0.001))
    expect(small.sink).toBeInstanceOf(DigestBloomFilter)
  })
})

import { beforeAll, expect, it } from 'vitest'
import type { EdgeCache } from '../../src/breach/corpus/read/edge-cached-range-reader.js'
import { openR2RangeReader } from '../../src/breach/corpus/read/r2-range-reader.js'
import { openWorkerCorpus } from '../../src/entry/worker-corpus.js'
import { createJsonLogger } from '../../src/ports/logger.js'
import { seedCorpus, testEnv } from './worker-test-env.js'

beforeAll(() => seedCorpus())

/** Range traffic as HIBP sees it: a few prefixes asked again and again (Zipf, s = 1). */
function skewedPrefixes(count: number, distinct: number): string[] {
  const weights = Array.from({ length: distinct }, (_, rank) => 1 / (rank + 1))
  const total = weights.reduce((sum, weight) => sum + weight, 0)
  let seed = 12345
  return Array.from({ length: count }, () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    let pick = (seed / 2 ** 31) * total
    let rank = 0
    while (pick > (weights[rank] as number) && rank < distinct - 1)
      pick -= weights[rank++] as number
    return ((rank * 40_503) % 2 ** 20).toString(16).toUpperCase().padStart(5, '0')
  })
}

it('puts the Cache API in front of R2: same bodies, R2 read once per prefix, hit ratio printed', async () => {
  let r2Reads = 0
  const counting = {
    get: (key: string, options?: { range?: { offset: number; length: number } }) => {
      r2Reads++
      return testEnv.CORPUS.get(key, options)
    },
  }
  const edgeCache = (globalThis as unknown as { caches: { default: EdgeCache } }).caches.default
  const stats = { hits: 0, misses: 0 }
  const logger = createJsonLogger(() => {})
  const corpus = await openWorkerCorpus(counting, {
    prefix: '',
    logger,
    edgeCache,
    edgeCacheStats: stats,
  })
  const plain = await openR2RangeReader(testEnv.CORPUS)
  const traffic = [...skewedPrefixes(400, 50), '5BAA6', '5BAA6']
  await corpus.reader.readBody?.('sha1', '00000') // loads the body index (one R2 read)
  const readsBefore = r2Reads
  const started = Date.now()
  for (const prefix of traffic) {
    const body = await corpus.reader.readBody?.('sha1', prefix)
    const decode = (bytes?: Uint8Array) => new TextDecoder().decode(bytes)
    expect(decode(body)).toBe(decode(await plain.readBody('sha1', prefix)))
  }
  const ms = Date.now() - started
  const rangeReads = r2Reads - readsBefore
  // Each distinct prefix misses once (the warm-up included); after that it is a hit. A miss
  // reads R2 once, except for an empty range, whose two offsets are equal in the loaded index
  // (most of this 4-password corpus' prefixes are empty).
  const distinct = [...new Set(traffic)]
  expect(stats.misses).toBe(new Set(['00000', ...traffic]).size)
  expect(stats.hits + stats.misses).toBe(traffic.length + 1)
  const nonEmpty = []
  for (const prefix of distinct.filter((p) => p !== '00000')) {
    if ((await plain.readBody('sha1', prefix)).length > 0) nonEmpty.push(prefix)
  }
  expect(nonEmpty).toContain('5BAA6')
  expect(rangeReads).toBe(nonEmpty.length)
  const rows = await corpus.reader.read('sha1', '5BAA6')
  expect(rows).toContainEqual({ suffix: '1E4C9B93F3F0682250B6CF8331B7EE68FD8', count: 3_861_493 })
  console.log(
    JSON.stringify({
      figure: 'workerd: Cache API in front of R2, skewed range traffic (400 requests, 50 prefixes)',
      hitRatio: +(stats.hits / (stats.hits + stats.misses)).toFixed(3),
      r2ReadsPerRange: +(rangeReads / traffic.length).toFixed(3),
      // The tiny test corpus leaves most prefixes empty, and an empty range reads no R2.
      distinctPrefixes: distinct.length,
      nonEmptyPrefixes: nonEmpty.length,
      baseline: 'R2 reads per range without the cache',
      baselineValue: 1,
      msPerRange: +(ms / traffic.length).toFixed(3),
    }),
  )
})

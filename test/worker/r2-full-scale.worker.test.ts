import { expect, it } from 'vitest'
import type {
  EdgeCache,
  EdgeCacheStats,
} from '../../src/breach/corpus/read/edge-cached-range-reader.js'
import { createBreachLookup } from '../../src/breach/breach-lookup.js'
import { openWorkerCorpus } from '../../src/entry/worker-corpus.js'
import { createJsonLogger } from '../../src/ports/logger.js'
import { seedDenseCorpus } from './dense-corpus-worker.js'
import { testEnv } from './worker-test-env.js'

const SAMPLE = 24

async function sha1(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-1', new TextEncoder().encode(text)))
}
const hex = (bytes: Uint8Array) =>
  [...bytes]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase()

/**
 * Full HIBP on Workers, measured in workerd (local R2, not Cloudflare's edge): ranges at full-
 * scale density (~954 rows a prefix at 10^9 hashes, ~1,907 at 2 × 10^9) with a filter far past
 * the isolate (the manifest lists 1.8 / 3.6 GB), so every check reads its range. Counts R2 reads
 * and times each step (workerd's clock moves on I/O only, which is what an R2 read is): cold
 * open and first range, a `/range` or a check that misses the Cache API (one R2 read), one
 * that hits it (none). Prints one JSON line per density.
 */
for (const [label, rowsPerPrefix, filterBytes] of [
  ['1e9', 954, 1_797_000_000],
  ['2e9', 1_907, 3_594_000_000],
] as const) {
  it(`workerd: R2 reads and latency per /range and per check at ${label} hashes' density`, async () => {
    const breached = await Promise.all(
      Array.from({ length: SAMPLE }, (_, i) => sha1(`in-${label}-${i}`)),
    )
    const absent = await Promise.all(
      Array.from({ length: SAMPLE }, (_, i) => sha1(`out-${label}-${i}`)),
    )
    // Checks land on the breached digests' prefixes; /range misses on the absent ones'.
    const prefixOf = (d: Uint8Array) => hex(d).slice(0, 5)
    const populated = [...breached, ...absent].map((d) => parseInt(prefixOf(d), 16))
    const keyPrefix = `dense-${label}/`
    await seedDenseCorpus(testEnv.CORPUS, keyPrefix, {
      populated,
      rowsPerPrefix,
      planted: breached,
      filterBytes,
    })
    let reads = 0
    const counting = {
      get: (key: string, options?: { range?: { offset: number; length: number } }) => {
        reads++
        return testEnv.CORPUS.get(key, options)
      },
    }
    const edgeCache = (globalThis as unknown as { caches: { default: EdgeCache } }).caches.default
    const stats: EdgeCacheStats = { hits: 0, misses: 0 }
    const step = async (run: () => Promise<unknown>, times = 1) => {
      const [r0, t0] = [reads, Date.now()]
      for (let i = 0; i < times; i++) await run()
      return { r2Reads: (reads - r0) / times, ms: (Date.now() - t0) / times }
    }
    let opened: Awaited<ReturnType<typeof openWorkerCorpus>> | undefined
    const open = await step(async () => {
      opened = await openWorkerCorpus(counting, {
        prefix: keyPrefix,
        logger: createJsonLogger(() => {}),
        edgeCache,
        edgeCacheStats: stats,
      })
    })
    const corpus = opened as NonNullable<typeof opened>
    expect(corpus.filterBytes).toBe(0) // range reads alone: the filter is never downloaded
    const lookup = createBreachLookup(corpus)
    const first = await step(
      () => corpus.reader.readBody?.('sha1', prefixOf(absent[0] as Uint8Array)) as Promise<unknown>,
    )
    let i = 1
    const rangeMiss = await step(async () => {
      const body = await corpus.reader.readBody?.('sha1', prefixOf(absent[i++] as Uint8Array))
      expect(body?.length).toBeGreaterThan(rowsPerPrefix * 38)
    }, SAMPLE - 1)
    i = 0
    const rangeHit = await step(
      () =>
        corpus.reader.readBody?.('sha1', prefixOf(absent[i++] as Uint8Array)) as Promise<unknown>,
      SAMPLE,
    )
    i = 0
    const checkMiss = await step(async () => {
      const result = await lookup.lookupSha1(hex(breached[i++] as Uint8Array))
      expect(result).toMatchObject({ breached: true, count: 42 })
    }, SAMPLE)
    i = 0
    const checkHit = await step(async () => {
      const result = await lookup.lookupSha1(hex(breached[i++] as Uint8Array))
      expect(result.breached).toBe(true)
    }, SAMPLE)
    // An absent password in a cached prefix: answered "not breached" from the cache.
    expect((await lookup.lookupSha1(hex(absent[1] as Uint8Array))).breached).toBe(false)
    expect(rangeMiss.r2Reads).toBe(1)
    expect(checkMiss.r2Reads).toBe(1)
    expect(rangeHit.r2Reads).toBe(0)
    expect(checkHit.r2Reads).toBe(0)
    console.log(
      JSON.stringify({
        figure: `workerd: full-scale density (${label} hashes, ${rowsPerPrefix} rows/prefix), filter off, Cache API in front of R2`,
        bodyBytes: (await corpus.reader.readBody?.('sha1', prefixOf(absent[2] as Uint8Array)))
          ?.length,
        open,
        firstRange: first,
        rangeMiss,
        rangeHit,
        checkMiss,
        checkHit,
        baseline: 'rangeMiss.ms (one R2 read)',
        ratioHitToMiss: +(rangeHit.ms / Math.max(rangeMiss.ms, 0.001)).toFixed(3),
      }),
    )
  })
}

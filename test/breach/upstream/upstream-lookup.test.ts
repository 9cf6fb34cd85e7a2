import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBreachLookup } from '../../../src/breach/breach-lookup.js'
import { createMemoryCorpus } from '../../../src/breach/memory-corpus.js'
import { sha1Hex } from '../../../src/breach/sha1-hex.js'
import { createUpstreamRangeClient } from '../../../src/breach/upstream/upstream-range-client.js'
import { createManualClock } from '../../../src/ports/clock.js'
import { createTestApp } from '../../support/test-app.js'
import { serveOnLoopback } from '../range/serve-app.js'

/** A second pwguard acting as the upstream, counting the range requests it receives. */
describe('breach lookup with a pwguard upstream', () => {
  const seen: { path: string; padding: string | null }[] = []
  let upstreamUrl = ''
  const closers: (() => unknown)[] = []

  beforeAll(async () => {
    const upstreamCorpus = createMemoryCorpus([
      { sha1: await sha1Hex('only-upstream-password'), count: 42 },
      { sha1: await sha1Hex('both-places-password'), count: 9 },
    ])
    const upstream = createTestApp({ corpus: upstreamCorpus })
    const served = await serveOnLoopback((request) => {
      seen.push({
        path: new URL(request.url).pathname,
        padding: request.headers.get('add-padding'),
      })
      return upstream.app.fetch(request)
    })
    upstreamUrl = served.baseUrl
    closers.push(served.close, upstream.close)
  })
  afterAll(async () => {
    for (const close of closers) await close()
  })

  const corpus = async () =>
    createMemoryCorpus([
      { sha1: await sha1Hex('only-local-password'), count: 5 },
      { sha1: await sha1Hex('both-places-password'), count: 2 },
    ])
  const lookupWith = async (options: Partial<Parameters<typeof createUpstreamRangeClient>[0]>) => {
    const clock = createManualClock()
    const upstream = createUpstreamRangeClient({
      url: upstreamUrl,
      timeoutMs: 2_000,
      failMode: 'open',
      cacheTtlMs: 60_000,
      clock,
      ...options,
    })
    return { clock, lookup: createBreachLookup(await corpus(), { upstream }) }
  }

  it('reports an upstream-only password as breached, sending only a padded prefix', async () => {
    seen.length = 0
    const { lookup } = await lookupWith({})
    expect(await lookup.lookupPassword('only-upstream-password')).toEqual({
      breached: true,
      count: 42,
      upstream: 'ok',
    })
    const sha1 = await sha1Hex('only-upstream-password')
    expect(seen).toEqual([{ path: `/range/${sha1.slice(0, 5)}`, padding: 'true' }])
  })

  it('takes the larger count of local and upstream, and 0 when neither has it', async () => {
    const { lookup } = await lookupWith({})
    expect(await lookup.lookupPassword('only-local-password')).toMatchObject({
      count: 5,
      upstream: 'ok',
    })
    expect(await lookup.lookupPassword('both-places-password')).toMatchObject({ count: 9 })
    expect(await lookup.lookupPassword('never-seen-anywhere-71')).toEqual({
      breached: false,
      count: 0,
      upstream: 'ok',
    })
  })

  it('answers a cached prefix without asking the upstream again, until the TTL passes', async () => {
    const { lookup, clock } = await lookupWith({ cacheTtlMs: 1_000 })
    seen.length = 0
    await Promise.all([
      lookup.lookupPassword('only-upstream-password'),
      lookup.lookupPassword('only-upstream-password'),
    ])
    expect(await lookup.lookupPassword('only-upstream-password')).toMatchObject({ count: 42 })
    expect(seen).toHaveLength(1)
    clock.advance(1_001)
    expect(await lookup.lookupPassword('only-upstream-password')).toMatchObject({ count: 42 })
    expect(seen).toHaveLength(2)
  })

  it('keeps the cache bounded, evicting the least recently used prefix', async () => {
    const { lookup } = await lookupWith({ maxEntries: 2 })
    seen.length = 0
    for (const sha1 of ['00000', '11111', '22222', '00000'].map((p) => p + '0'.repeat(35))) {
      await lookup.lookupSha1(sha1)
    }
    expect(seen.map((request) => request.path)).toEqual([
      '/range/00000',
      '/range/11111',
      '/range/22222',
      '/range/00000',
    ])
  })
})

describe('an upstream that cannot answer', () => {
  let silentUrl = ''
  const silent = createServer(() => {
    // Never answers: the client's timeout must end the wait.
  })
  beforeAll(async () => {
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    silent.closeAllConnections()
    await new Promise((resolve) => silent.close(resolve))
  })

  const lookup = async (failMode: 'open' | 'closed', url = silentUrl) => {
    const upstream = createUpstreamRangeClient({
      url,
      timeoutMs: 150,
      failMode,
      cacheTtlMs: 60_000,
    })
    const corpus = createMemoryCorpus([{ sha1: await sha1Hex('only-local-password'), count: 5 }])
    return createBreachLookup(corpus, { upstream })
  }

  it('fails open: reports unavailable and does not block', async () => {
    const result = await (await lookup('open')).lookupPassword('some-fresh-password-8')
    expect(result).toEqual({
      breached: false,
      count: 0,
      upstream: 'unavailable',
      failClosed: false,
    })
  })

  it('fails closed: the result tells the check to refuse', async () => {
    const result = await (await lookup('closed')).lookupPassword('some-fresh-password-8')
    expect(result).toMatchObject({ breached: false, upstream: 'unavailable', failClosed: true })
  })

  it('still reports a local breach while the upstream is down', async () => {
    const result = await (await lookup('open')).lookupPassword('only-local-password')
    expect(result).toMatchObject({ breached: true, count: 5, upstream: 'unavailable' })
  })

  it('treats a refused connection like a timeout', async () => {
    const result = await (await lookup('open', 'http://127.0.0.1:9')).lookupPassword('x-y-z-q')
    expect(result.upstream).toBe('unavailable')
  })
})

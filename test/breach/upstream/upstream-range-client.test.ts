import { describe, expect, it } from 'vitest'
import {
  type FetchLike,
  createUpstreamRangeClient,
} from '../../../src/breach/upstream/upstream-range-client.js'
import { upstreamRangeUrl } from '../../../src/breach/upstream/upstream-range-url.js'
import { createMemoryLogger } from '../../../src/ports/logger.js'

const SUFFIX = '1E4C9B93F3F0682250B6CF8331B7EE68FD8'
const PADDING_SUFFIX = '1E4C9B93F3F0682250B6CF8331B7EE68FD9'

/** A fetch port that answers one fixed body: proves the client works on any runtime's fetch. */
function fixedFetch(status: number, body: string): FetchLike & { urls: string[] } {
  const urls: string[] = []
  const fetch = async (url: string) => {
    urls.push(url)
    return new Response(body, { status })
  }
  return Object.assign(fetch, { urls })
}

const client = (fetch: FetchLike) =>
  createUpstreamRangeClient({
    url: 'https://api.pwnedpasswords.com',
    timeoutMs: 1_000,
    failMode: 'open',
    cacheTtlMs: 60_000,
    fetch,
    logger: createMemoryLogger(),
  })

describe('createUpstreamRangeClient', () => {
  it('reads counts from an HIBP body and ignores `:0` padding rows', async () => {
    const fetch = fixedFetch(200, `${SUFFIX}:10434004\r\n${PADDING_SUFFIX}:0`)
    const upstream = client(fetch)
    expect(await upstream.lookupSha1(`5baa6${SUFFIX.toLowerCase()}`)).toEqual({
      status: 'ok',
      count: 10_434_004,
    })
    expect(await upstream.lookupSha1(`5BAA6${PADDING_SUFFIX}`)).toEqual({ status: 'ok', count: 0 })
    expect(fetch.urls).toEqual(['https://api.pwnedpasswords.com/range/5BAA6'])
  })

  it('reports an error status or a malformed body as unavailable, and does not cache it', async () => {
    const failing = fixedFetch(503, 'try later')
    const upstream = client(failing)
    expect(await upstream.lookupSha1(`5BAA6${SUFFIX}`)).toEqual({
      status: 'unavailable',
      reason: 'http_status',
    })
    await upstream.lookupSha1(`5BAA6${SUFFIX}`)
    expect(failing.urls).toHaveLength(2)
    expect(
      await client(fixedFetch(200, '<html>captive portal</html>')).lookupSha1(`5BAA6${SUFFIX}`),
    ).toEqual({ status: 'unavailable', reason: 'malformed' })
  })

  it('logs the failure without the prefix', async () => {
    const logger = createMemoryLogger()
    const upstream = createUpstreamRangeClient({
      url: 'https://upstream.example',
      timeoutMs: 1_000,
      failMode: 'closed',
      cacheTtlMs: 0,
      fetch: fixedFetch(500, ''),
      logger,
    })
    await upstream.lookupSha1(`5BAA6${SUFFIX}`)
    expect(logger.lines.join('\n')).toContain('upstream range unavailable')
    expect(logger.lines.join('\n')).not.toContain('5BAA6')
  })
})

describe('upstreamRangeUrl', () => {
  it('accepts a base URL, the range endpoint itself, or a {prefix} template', () => {
    expect(upstreamRangeUrl('https://api.pwnedpasswords.com', 'ABCDE')).toBe(
      'https://api.pwnedpasswords.com/range/ABCDE',
    )
    expect(upstreamRangeUrl('https://mirror.example/hibp/range/', 'ABCDE')).toBe(
      'https://mirror.example/hibp/range/ABCDE',
    )
    expect(upstreamRangeUrl('https://m.example/r/{prefix}?mode=sha1', 'ABCDE')).toBe(
      'https://m.example/r/ABCDE?mode=sha1',
    )
  })
})

describe('an oversized upstream body', () => {
  it('is refused as malformed, declared or streamed', async () => {
    const huge = `${SUFFIX}:1\r\n`.repeat(60_000)
    expect(await client(fixedFetch(200, huge)).lookupSha1(`5BAA6${SUFFIX}`)).toEqual({
      status: 'unavailable',
      reason: 'malformed',
    })
    const streamed: FetchLike = async () => {
      const chunk = new TextEncoder().encode(`${SUFFIX}:1\r\n`.repeat(1_000))
      let sent = 0
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < 100) controller.enqueue(chunk)
          else controller.close()
        },
      })
      return new Response(body, { status: 200 })
    }
    expect(await client(streamed).lookupSha1(`5BAA6${SUFFIX}`)).toMatchObject({
      reason: 'malformed',
    })
  })
})

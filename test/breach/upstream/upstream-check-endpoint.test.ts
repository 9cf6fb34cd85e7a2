import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMemoryCorpus } from '../../../src/breach/memory-corpus.js'
import { sha1Hex } from '../../../src/breach/sha1-hex.js'
import {
  type UpstreamFailMode,
  createUpstreamRangeClient,
} from '../../../src/breach/upstream/upstream-range-client.js'
import { createTestApp, jsonRequest } from '../../support/test-app.js'
import { serveOnLoopback } from '../range/serve-app.js'

// Strong by zxcvbn and long enough: only the breach verdict can refuse it.
const UPSTREAM_ONLY = 'paarse olifant fietst traag naar Oostende 1917'
const FRESH = 'groene walvis zingt zachtjes boven Brugge 2043'

/** End to end: the check endpoint of one pwguard, the range API of another as its upstream. */
describe('POST /v1/passwords/check with a second pwguard upstream', () => {
  const closers: (() => unknown)[] = []
  let upstreamUrl = ''
  let silentUrl = ''
  let upstreamRequests = 0

  beforeAll(async () => {
    const upstream = createTestApp({
      corpus: createMemoryCorpus([{ sha1: await sha1Hex(UPSTREAM_ONLY), count: 77 }]),
    })
    const served = await serveOnLoopback((request) => {
      upstreamRequests++
      return upstream.app.fetch(request)
    })
    upstreamUrl = served.baseUrl
    const silent = createServer(() => {})
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`
    closers.push(served.close, upstream.close, () => {
      silent.closeAllConnections()
      silent.close()
    })
  })
  afterAll(async () => {
    for (const close of closers) await close()
  })

  const check = async (url: string, failMode: UpstreamFailMode, password: string) => {
    const upstream = createUpstreamRangeClient({
      url,
      timeoutMs: 200,
      failMode,
      cacheTtlMs: 60_000,
    })
    const test = createTestApp({ deps: { upstream } })
    closers.push(test.close)
    const auth = await test.keyFor('acme', ['check'])
    const response = await test.app.request(
      '/v1/passwords/check',
      jsonRequest('POST', { password }, auth),
    )
    expect(response.status).toBe(200)
    return (await response.json()) as {
      acceptable: boolean
      breach: { breached: boolean; count: number; upstream?: string }
      violations: { code: string }[]
    }
  }

  it('refuses a password only the upstream has seen, with upstream ok', async () => {
    const before = upstreamRequests
    const body = await check(upstreamUrl, 'open', UPSTREAM_ONLY)
    expect(body.breach).toEqual({ breached: true, count: 77, upstream: 'ok' })
    expect(body.violations.map((violation) => violation.code)).toContain('breached')
    expect(upstreamRequests).toBeGreaterThan(before)
  })

  it('accepts a fresh password the upstream does not know', async () => {
    const body = await check(upstreamUrl, 'closed', FRESH)
    expect(body).toMatchObject({ acceptable: true, breach: { breached: false, upstream: 'ok' } })
  })

  it('fails open on a silent upstream: reported, not refused', async () => {
    const body = await check(silentUrl, 'open', FRESH)
    expect(body).toMatchObject({
      acceptable: true,
      breach: { breached: false, upstream: 'unavailable' },
    })
  })

  it('fails closed on a silent upstream: refused with upstream_unavailable', async () => {
    const body = await check(silentUrl, 'closed', FRESH)
    expect(body.acceptable).toBe(false)
    expect(body.breach.upstream).toBe('unavailable')
    expect(body.violations.map((violation) => violation.code)).toEqual(['upstream_unavailable'])
  })
})

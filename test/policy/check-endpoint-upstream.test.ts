import { afterEach, describe, expect, it } from 'vitest'
import type { UpstreamRangeClient } from '../../src/breach/upstream/upstream-range-client.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'

const STRONG = 'paarse olifant fietst traag naar Oostende'

/** An upstream double: the real client is tested against a second pwguard in its own suite. */
function upstream(
  failMode: UpstreamRangeClient['failMode'],
  answer: Awaited<ReturnType<UpstreamRangeClient['lookupSha1']>>,
): UpstreamRangeClient {
  return { failMode, lookupSha1: async () => answer }
}

describe('POST /v1/passwords/check with an upstream range API', () => {
  let t: ReturnType<typeof createTestApp>
  afterEach(() => t.close())

  const check = async (client: UpstreamRangeClient) => {
    t = createTestApp({ deps: { upstream: client } })
    const auth = await t.keyFor('acme', ['check'])
    const res = await t.app.request(
      '/v1/passwords/check',
      jsonRequest('POST', { password: STRONG }, auth),
    )
    expect(res.status).toBe(200)
    return (await res.json()) as {
      acceptable: boolean
      breach: { breached: boolean; count: number; upstream?: string }
      violations: { code: string; message: string }[]
    }
  }

  it('reports the upstream count and refuses a password it has seen', async () => {
    const body = await check(upstream('open', { status: 'ok', count: 1234 }))
    expect(body.breach).toEqual({ breached: true, count: 1234, upstream: 'ok' })
    expect(body.violations.map((v) => v.code)).toEqual(['breached'])
  })

  it('fails open: an unreachable upstream is reported but does not refuse', async () => {
    const body = await check(upstream('open', { status: 'unavailable', reason: 'timeout' }))
    expect(body).toMatchObject({
      acceptable: true,
      breach: { breached: false, count: 0, upstream: 'unavailable' },
      violations: [],
    })
  })

  it('fails closed: an unreachable upstream refuses with upstream_unavailable', async () => {
    const body = await check(upstream('closed', { status: 'unavailable', reason: 'timeout' }))
    expect(body.acceptable).toBe(false)
    expect(body.breach.upstream).toBe('unavailable')
    expect(body.violations).toEqual([
      { code: 'upstream_unavailable', message: expect.stringMatching(/could not be reached/) },
    ])
  })
})

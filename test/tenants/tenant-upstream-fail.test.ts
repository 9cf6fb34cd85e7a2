import { afterEach, describe, expect, it } from 'vitest'
import type { UpstreamRangeClient } from '../../src/breach/upstream/upstream-range-client.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'

const STRONG = 'paarse olifant fietst traag naar Oostende'

describe("the tenant's upstreamFail overrides the service's fail mode", () => {
  let t: ReturnType<typeof createTestApp>
  afterEach(() => t.close())

  const acceptable = async (service: 'open' | 'closed', tenant: 'open' | 'closed' | null) => {
    const down: UpstreamRangeClient = {
      failMode: service,
      lookupSha1: async () => ({ status: 'unavailable', reason: 'timeout' }),
    }
    t = createTestApp({ deps: { upstream: down } })
    const admin = await t.keyFor('acme', ['admin'])
    const check = await t.keyFor('acme', ['check'])
    await t.app.request('/v1/tenant/policy', jsonRequest('PUT', { upstreamFail: tenant }, admin))
    const res = await t.app.request(
      '/v1/passwords/check',
      jsonRequest('POST', { password: STRONG }, check),
    )
    const body = (await res.json()) as { acceptable: boolean; violations: { code: string }[] }
    return body.acceptable
  }

  it('closed for the tenant refuses although the service fails open', async () => {
    expect(await acceptable('open', 'closed')).toBe(false)
  })
  it('open for the tenant accepts although the service fails closed', async () => {
    expect(await acceptable('closed', 'open')).toBe(true)
  })
  it('null follows the service', async () => {
    expect(await acceptable('closed', null)).toBe(false)
  })
})

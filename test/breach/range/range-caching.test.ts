import { afterEach, describe, expect, it } from 'vitest'
import { createMemoryLiveBreachStore } from '../../../src/breach/live/live-breach-store.js'
import { createMemoryCorpus } from '../../../src/breach/memory-corpus.js'
import { sha1Upper } from '../../support/accounts-fixtures.js'
import { createTestApp } from '../../support/test-app.js'
import { createIncident, ingestExposures } from '../../support/admin-requests.js'

const PREFIX = 'ABCDE'
const HASHES = Array.from({ length: 20 }, (_, i) => ({
  sha1: `${PREFIX}${i.toString(16).toUpperCase().padStart(35, '7')}`,
  count: i + 1,
}))
const BUILT_AT = Date.UTC(2026, 10, 1)

/** A memory corpus pinned to one version id, as two instances serving one file corpus see it. */
function pinnedCorpus(id = 'v1') {
  const corpus = createMemoryCorpus(HASHES)
  return { ...corpus, reader: { ...corpus.reader, version: () => ({ id, modifiedAt: BUILT_AT }) } }
}

describe('HTTP caching of /range', () => {
  const closers: (() => void)[] = []
  const app = (options: Parameters<typeof createTestApp>[0] = {}) => {
    const test = createTestApp({ corpus: pinnedCorpus(), ...options })
    closers.push(test.close)
    return test
  }
  afterEach(() => closers.splice(0).forEach((close) => close()))

  it('sends a strong ETag and Last-Modified, and 304 on a matching If-None-Match', async () => {
    const { app: service } = app()
    const first = await service.request(`/range/${PREFIX}`)
    const etag = first.headers.get('etag') ?? ''
    expect(etag).toMatch(/^"[^"]+"$/)
    expect(first.headers.get('last-modified')).toBe(new Date(BUILT_AT).toUTCString())
    for (const tag of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const again = await service.request(`/range/${PREFIX}`, { headers: { 'If-None-Match': tag } })
      expect(again.status).toBe(304)
      expect(again.headers.get('etag')).toBe(etag)
      expect(again.headers.get('cache-control')).toBe('public, max-age=2678400')
      expect(await again.text()).toBe('')
    }
    const stale = await service.request(`/range/${PREFIX}`, { headers: { 'If-None-Match': '"x"' } })
    expect(stale.status).toBe(200)
    const since = { 'If-Modified-Since': new Date(BUILT_AT).toUTCString() }
    expect((await service.request(`/range/${PREFIX}`, { headers: since })).status).toBe(304)
  })

  it('gives each prefix, mode and padding its own tag, and one per corpus version', async () => {
    const { app: service } = app()
    const tag = async (path: string, headers: Record<string, string> = {}) =>
      (await service.request(path, { headers })).headers.get('etag')
    const plain = await tag(`/range/${PREFIX}`)
    const tags = [
      plain,
      await tag('/range/ABCDF'),
      await tag(`/range/${PREFIX}`, { 'Add-Padding': 'true' }),
    ]
    expect(new Set(tags).size).toBe(3)
    expect(await tag(`/range/${PREFIX.toLowerCase()}?mode=SHA1`)).toBe(plain)
    const other = app({ corpus: pinnedCorpus('v2') }).app
    expect((await other.request(`/range/${PREFIX}`)).headers.get('etag')).not.toBe(plain)
  })

  it('pads deterministically per version and prefix, keyed by the deployment secret', async () => {
    const padded = async (service: ReturnType<typeof app>['app'], prefix = PREFIX) => {
      const response = await service.request(`/range/${prefix}`, {
        headers: { 'Add-Padding': 'true' },
      })
      return { etag: response.headers.get('etag'), body: await response.text() }
    }
    const one = await padded(app().app)
    // A second instance with the same secret and corpus: the same bytes under the same tag.
    expect(await padded(app().app)).toEqual(one)
    const rows = one.body.split('\r\n')
    expect(rows).toHaveLength(800)
    expect(rows.filter((row) => !row.endsWith(':0'))).toHaveLength(HASHES.length)
    expect(rows.every((row) => /^[0-9A-F]{35}:\d+$/.test(row))).toBe(true)
    const otherSecret = app({ settings: { secret: new Uint8Array(32).fill(7) } }).app
    expect((await padded(otherSecret)).body).not.toBe(one.body)
    // Another prefix gets other padding, not the same rows again.
    const pads = (body: string) => body.split('\r\n').filter((row) => row.endsWith(':0'))
    expect(pads((await padded(app().app, '00000')).body)).not.toEqual(pads(one.body))
  })

  it("changes the tag when the operator's addition changes the range, not a tenant's list", async () => {
    const live = createMemoryLiveBreachStore()
    const t = app({ deps: { liveBreach: live } })
    const password = 'freshly-leaked-password-etag-1'
    const sha1 = sha1Upper(password)
    const path = `/range/${sha1.slice(0, 5)}`
    const before = (await t.app.request(path)).headers.get('etag') ?? ''
    const admin = await t.keyFor('clinic', ['admin'])
    const id = await createIncident(t, admin, { detectedAt: new Date(t.clock.now()).toISOString() })
    await ingestExposures(t, admin, id, [{ password }])
    // A tenant's incident list stays that tenant's (other sites must not see it): /range is
    // unchanged.
    t.clock.advance(2_000)
    const unchanged = await t.app.request(path, { headers: { 'If-None-Match': before } })
    expect(unchanged.status).toBe(304)
    // The operator's shared addition (pwguard corpus add) changes the range and its tag.
    await live.add([{ sha1 }], t.clock.now())
    t.clock.advance(2_000)
    await t.app.request(path) // this read notices the addition (the refresh runs in the background)
    const after = await t.app.request(path, { headers: { 'If-None-Match': before } })
    expect(after.status).toBe(200)
    expect(after.headers.get('etag')).not.toBe(before)
    expect(await after.text()).toContain(sha1.slice(5))
  })
})

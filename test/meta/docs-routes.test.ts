import { afterEach, describe, expect, it } from 'vitest'
import { cachedAssets } from '../../src/meta/docs/api-reference-assets.js'
import {
  MISSING_RETRY_MS,
  r2ApiReferenceAssets,
} from '../../src/meta/docs/api-reference-assets-r2.js'
import { createManualClock } from '../../src/ports/clock.js'
import { createTestApp } from '../support/test-app.js'

const SCRIPT = `console.log(${JSON.stringify('x'.repeat(10_000))})`

describe('/docs: the interactive reference and its script', () => {
  let t: ReturnType<typeof createTestApp>
  let loads = 0
  const assets = cachedAssets('9.9.9', () => {
    loads++
    return Promise.resolve(SCRIPT)
  })
  afterEach(() => t.close())

  it('serves a shell with a per-response nonce and no inline script', async () => {
    t = createTestApp({ deps: { apiReference: assets } })
    const [a, b] = [await t.app.request('/docs'), await t.app.request('/docs')]
    const html = await a.text()
    expect(html).toContain('<script src="/docs/assets/api-reference-9.9.9.js"></script>')
    expect(html).toContain('data-url="/openapi.json"')
    // The one other script element is empty: nothing inline runs.
    expect(html).toMatch(/<script id="api-reference"[^>]*><\/script>/)
    expect(html).not.toMatch(/https?:\/\//)
    const policy = a.headers.get('content-security-policy')!
    expect(policy).toContain("script-src 'self';")
    expect(policy).toContain("connect-src 'self'")
    expect(policy).not.toMatch(/unsafe-eval|style-src-elem[^;]*unsafe-inline/)
    const nonce = /'nonce-([^']+)'/.exec(policy)![1]!
    expect(html).toContain(`content="${nonce}"`)
    expect(b.headers.get('content-security-policy')).not.toContain(nonce)
    expect(a.headers.get('cache-control')).toBe('no-store')
  })

  it('serves the script once read, immutable, with an ETag, gzip and 304', async () => {
    t = createTestApp({ deps: { apiReference: assets } })
    const url = '/docs/assets/api-reference-9.9.9.js'
    const plain = await t.app.request(url)
    expect(plain.status).toBe(200)
    expect(await plain.text()).toBe(SCRIPT)
    expect(plain.headers.get('cache-control')).toContain('immutable')
    const etag = plain.headers.get('etag')!
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/)
    const gzip = await t.app.request(url, { headers: { 'accept-encoding': 'gzip, br' } })
    expect(gzip.headers.get('content-encoding')).toBe('gzip')
    const body = new Uint8Array(await gzip.arrayBuffer())
    expect(body.length).toBeLessThan(SCRIPT.length / 10)
    const again = await t.app.request(url, { headers: { 'if-none-match': etag } })
    expect(again.status).toBe(304)
    expect(loads).toBe(1)
    expect((await t.app.request('/docs/assets/api-reference-1.0.0.js')).status).toBe(404)
  })

  it('links only /openapi.json when the build has no bundle', async () => {
    t = createTestApp()
    const html = await (await t.app.request('/docs')).text()
    expect(html).not.toContain('<script')
    expect(html).toContain('href="/openapi.json"')
  })

  it('asks R2 for a missing bundle at most once a minute, then serves it once uploaded', async () => {
    const clock = createManualClock()
    let gets = 0
    let uploaded: Uint8Array | null = null
    const bucket = {
      get: () => {
        gets++
        return Promise.resolve(
          uploaded && { arrayBuffer: () => Promise.resolve(uploaded!.buffer as ArrayBuffer) },
        )
      },
    }
    t = createTestApp({ deps: { apiReference: r2ApiReferenceAssets(bucket, '1.2.3', clock) } })
    const url = '/docs/assets/api-reference-1.2.3.js'
    for (let i = 0; i < 20; i++) expect((await t.app.request(url)).status).toBe(404)
    expect(gets).toBe(1)
    uploaded = new TextEncoder().encode(SCRIPT)
    clock.advance(MISSING_RETRY_MS - 1)
    expect((await t.app.request(url)).status).toBe(404)
    clock.advance(1)
    const served = await t.app.request(url)
    expect(served.status).toBe(200)
    expect(await served.text()).toBe(SCRIPT)
    expect(gets).toBe(2)
  })
})

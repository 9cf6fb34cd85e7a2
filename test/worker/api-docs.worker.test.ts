import argon2Wasm from '@phi-ag/argon2/argon2.wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { createWorkerHandler } from '../../src/entry/worker-handler.js'
import { apiReferenceObjectKey } from '../../src/meta/docs/api-reference-assets-r2.js'
import { request } from './worker-app.js'
import { seedCorpus, testEnv } from './worker-test-env.js'

// /docs on the Worker: the same page as Node, its ~5 MB script read from R2 (deploy step 3b).
beforeAll(() => seedCorpus())

describe('Worker entry: interactive API reference', () => {
  const version = testEnv.PWGUARD_API_REFERENCE_VERSION
  const scriptUrl = `/docs/assets/api-reference-${version}.js`

  it('names the versioned script; before the upload the script is a 404 problem', async () => {
    const page = await request('/docs')
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(await page.text()).toContain(scriptUrl)
    const missing = await request(scriptUrl)
    expect(missing.status).toBe(404)
    expect(await missing.json()).toMatchObject({ code: 'not_found' })
  })

  it('remembers the miss in the isolate, so repeated requests cost no R2 read', async () => {
    await testEnv.CORPUS.put(apiReferenceObjectKey(version), testEnv.TEST_API_REFERENCE)
    // The same isolate as the miss above: within the minute it answers from memory.
    expect((await request(scriptUrl)).status).toBe(404)
  })

  it('serves the uploaded bundle from R2, gzipped, immutable, with a working ETag', async () => {
    await testEnv.CORPUS.put(apiReferenceObjectKey(version), testEnv.TEST_API_REFERENCE)
    // A new isolate, as after the minute or a deploy.
    const handler = createWorkerHandler(argon2Wasm)
    const request = (path: string, init?: RequestInit) =>
      handler.fetch(new Request(`http://pwguard.test${path}`, init), testEnv)
    const res = await request(scriptUrl, { headers: { 'accept-encoding': 'gzip' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toContain('immutable')
    // Called directly, the handler's gzip is not undone by a client on the way.
    expect(res.headers.get('content-encoding')).toBe('gzip')
    const body = await new Response(
      res.body!.pipeThrough(new DecompressionStream('gzip')),
    ).arrayBuffer()
    expect(body.byteLength).toBe(testEnv.TEST_API_REFERENCE.byteLength)
    // A digest, not an element-wise compare of 5 MB (that alone takes seconds here).
    expect(await sha256(body)).toBe(await sha256(testEnv.TEST_API_REFERENCE))
    const etag = res.headers.get('etag')!
    const again = await request(scriptUrl, { headers: { 'if-none-match': etag } })
    expect(again.status).toBe(304)
  })
})

async function sha256(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('')
}

import type { RequestListener } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { getRequestListener } from '@hono/node-server'
import { pwnedPassword, pwnedPasswordRange } from 'hibp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMemoryCorpus } from '../../../src/breach/memory-corpus.js'
import { createRangeFastPathServer } from '../../../src/breach/range-server-node.js'
import { sha1Hex } from '../../../src/breach/sha1-hex.js'
import { createTestApp } from '../../support/test-app.js'

/**
 * The Node entry's server: valid public range GETs are answered by the fast path, everything
 * else by the app. Both must look the same to a client; `toApp` counts what reached the app.
 */
describe('the Node range fast path', () => {
  let baseUrl = ''
  let toApp = 0
  let stop = async () => {}
  let sha1 = ''

  beforeAll(async () => {
    sha1 = await sha1Hex('password')
    const test = createTestApp({ corpus: createMemoryCorpus([{ sha1, count: 3 }]) })
    const app = getRequestListener(test.app.fetch)
    const counted: RequestListener = (req, res) => {
      toApp++
      return app(req, res)
    }
    const create = createRangeFastPathServer(test.deps)
    await new Promise<void>((resolve) => {
      const server = create({}, counted)
      server.listen(0, '127.0.0.1', () => {
        baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
        stop = () => new Promise<void>((done) => server.close(() => done(test.close())))
        resolve()
      })
    })
  })
  afterAll(() => stop())

  it('answers conditional requests with 304 and the tag the app gives', async () => {
    toApp = 0
    const path = `/range/${sha1.slice(0, 5)}`
    const etag = (await fetch(`${baseUrl}${path}`)).headers.get('etag') ?? ''
    const again = await fetch(`${baseUrl}${path}`, { headers: { 'If-None-Match': etag } })
    expect(again.status).toBe(304)
    expect(again.headers.get('etag')).toBe(etag)
    expect(toApp).toBe(0)
    const viaApp = await fetch(`${baseUrl}${path}`, { method: 'HEAD' })
    expect(viaApp.headers.get('etag')).toBe(etag)
  })

  it('answers valid ranges itself, byte for byte like the app', async () => {
    toApp = 0
    const direct = await fetch(`${baseUrl}/range/${sha1.slice(0, 5).toLowerCase()}?mode=sha1`)
    expect(direct.status).toBe(200)
    expect(await direct.text()).toBe(`${sha1.slice(5)}:3`)
    expect(direct.headers.get('access-control-allow-origin')).toBe('*')
    expect(direct.headers.get('cache-control')).toBe('public, max-age=2678400')
    expect(direct.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(await pwnedPassword('password', { baseUrl })).toBe(3)
    const padded = await pwnedPasswordRange(sha1.slice(0, 5), { baseUrl, addPadding: true })
    expect(Object.keys(padded)).toHaveLength(800)
    expect(padded[sha1.slice(5)]).toBe(3)
    expect(toApp).toBe(0)
  })

  it('leaves errors, other methods and other routes to the app', async () => {
    toApp = 0
    const bad = await fetch(`${baseUrl}/range/ABCD`)
    expect(bad.status).toBe(400)
    expect(await bad.text()).toBe('The hash prefix was not in a valid format')
    const ntlm = await fetch(`${baseUrl}/range/ABCDE?mode=ntlm`)
    expect(ntlm.status).toBe(400)
    const post = await fetch(`${baseUrl}/range/ABCDE`, { method: 'POST' })
    expect(post.status).toBe(405)
    expect((await fetch(`${baseUrl}/health`)).status).toBe(200)
    expect(toApp).toBe(4)
  })

  it('is off when the range needs a key, so auth is never skipped', async () => {
    const test = createTestApp({ settings: { rangePublic: false } })
    const served = await new Promise<{ url: string; close: () => void }>((resolve) => {
      const server = serve(
        {
          fetch: test.app.fetch,
          port: 0,
          hostname: '127.0.0.1',
          createServer: createRangeFastPathServer(test.deps),
        },
        (info) => resolve({ url: `http://127.0.0.1:${info.port}`, close: () => server.close() }),
      )
    })
    expect((await fetch(`${served.url}/range/ABCDE`)).status).toBe(401)
    served.close()
    test.close()
  })
})

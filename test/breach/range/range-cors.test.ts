import type { RequestListener } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMemoryCorpus } from '../../../src/breach/memory-corpus.js'
import { createRangeFastPathServer } from '../../../src/breach/range-server-node.js'
import { sha1Hex } from '../../../src/breach/sha1-hex.js'
import { createTestApp } from '../../support/test-app.js'

const LISTED = 'https://booking.example'
const OTHER = 'https://evil.example'
type Ask = (path: string, init?: RequestInit) => Promise<Response>

interface Transport {
  ask: Ask
  /** Requests the app answered (the fast path answers valid GETs itself). */
  toApp: () => number
  stop: () => Promise<void>
}

/** `app.request()` straight, or the Node entry's server (fast path in front of the app). */
const TRANSPORTS: Record<string, (corsOrigins?: string[]) => Promise<Transport>> = {
  'app.request()': async (corsOrigins) => {
    const test = createTestApp({ corpus: await corpus(), settings: { corsOrigins } })
    return {
      ask: async (path, init) => test.app.request(path, init),
      toApp: () => 0,
      stop: async () => test.close(),
    }
  },
  'the Node fast path': async (corsOrigins) => {
    const test = createTestApp({ corpus: await corpus(), settings: { corsOrigins } })
    const app = getRequestListener(test.app.fetch)
    let toApp = 0
    const counted: RequestListener = (req, res) => {
      toApp++
      return app(req, res)
    }
    const server = createRangeFastPathServer(test.deps)({}, counted)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    return {
      ask: (path, init) => fetch(`${base}${path}`, init),
      toApp: () => toApp,
      stop: () => new Promise<void>((done) => server.close(() => done(test.close()))),
    }
  },
}

let PREFIX = ''
async function corpus() {
  const sha1 = await sha1Hex('password')
  PREFIX = sha1.slice(0, 5)
  return createMemoryCorpus([{ sha1, count: 3 }])
}

/** A 200, the 304 to its tag, an error and the preflight that `Add-Padding` triggers. */
async function everyAnswer(ask: Ask, origin?: string): Promise<Record<string, Response>> {
  const headers: Record<string, string> = origin ? { origin } : {}
  const ok = await ask(`/range/${PREFIX}`, { headers: { ...headers, 'add-padding': 'true' } })
  const etag = ok.headers.get('etag') ?? ''
  const notModified = await ask(`/range/${PREFIX}`, {
    headers: { ...headers, 'add-padding': 'true', 'if-none-match': etag },
  })
  const error = await ask('/range/XYZ12', { headers })
  const preflight = await ask(`/range/${PREFIX}`, {
    method: 'OPTIONS',
    headers: {
      ...headers,
      'access-control-request-method': 'GET',
      'access-control-request-headers': 'add-padding',
    },
  })
  expect([ok.status, notModified.status, error.status, preflight.status]).toEqual([
    200, 304, 400, 204,
  ])
  expect(preflight.headers.get('access-control-allow-headers')).toContain('Add-Padding')
  return { ok, notModified, error, preflight }
}

describe.each(Object.keys(TRANSPORTS))('/range CORS through %s', (name) => {
  const open = (corsOrigins?: string[]) => TRANSPORTS[name]!(corsOrigins)

  describe('by default (*)', () => {
    let transport: Transport
    beforeAll(async () => (transport = await open()))
    afterAll(() => transport.stop())

    it('lets any origin read every answer, with no Vary: Origin', async () => {
      const answers = await everyAnswer(transport.ask, LISTED)
      for (const response of Object.values(answers)) {
        expect(response.headers.get('access-control-allow-origin')).toBe('*')
        expect(response.headers.get('vary') ?? '').not.toContain('Origin')
      }
      expect(answers.ok!.headers.get('vary')).toBe('Add-Padding')
    })
  })

  describe('with PWGUARD_CORS_ORIGINS set to a list', () => {
    let transport: Transport
    // Written as an operator might: case and a trailing slash must not matter.
    beforeAll(
      async () => (transport = await open(['https://Booking.example/', 'https://b.example'])),
    )
    afterAll(() => transport.stop())

    it('echoes a listed origin on every answer and marks it Vary: Origin', async () => {
      const before = transport.toApp()
      const answers = await everyAnswer(transport.ask, LISTED)
      for (const response of Object.values(answers)) {
        expect(response.headers.get('access-control-allow-origin')).toBe(LISTED)
        expect(response.headers.get('vary')).toContain('Origin')
      }
      // The cache key keeps Add-Padding: padded and plain bodies must not be mixed up.
      expect(answers.ok!.headers.get('vary')).toBe('Add-Padding, Origin')
      expect(answers.notModified!.headers.get('vary')).toBe('Add-Padding, Origin')
      // Only the error and the preflight reach the app; 200 and 304 stay on the fast path.
      if (name === 'the Node fast path') expect(transport.toApp() - before).toBe(2)
    })

    it('gives an unlisted origin, or none, no Access-Control-Allow-Origin', async () => {
      for (const origin of [OTHER, undefined]) {
        const answers = await everyAnswer(transport.ask, origin)
        for (const response of Object.values(answers)) {
          expect(response.headers.get('access-control-allow-origin')).toBeNull()
          // A refusal varies by Origin too, or a cache would replay it to a listed origin.
          expect(response.headers.get('vary')).toContain('Origin')
        }
      }
    })
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countingBody, streamedInit } from '../http/streamed-body.js'
import { createTestApp } from '../support/test-app.js'

/**
 * Route groups are mounted by path and each route declares its scope in createRoute
 * `middleware`, which runs before the route's validators. So every operation of the OpenAPI
 * document checks the key before reading a byte of the body (test/proof/access.test.ts checks
 * which scope each accepts), and a request no route matches is a 404 whatever its key.
 */
const JSON_TYPE = { 'content-type': 'application/json' }

type Operations = Record<string, Record<string, { security?: unknown[] }>>

describe('routes mounted by path, scope per route', () => {
  let t: ReturnType<typeof createTestApp>
  let secured: { method: string; path: string; url: string }[]
  const keys: Record<string, Record<string, string>> = {}

  beforeAll(async () => {
    t = createTestApp()
    const doc = (await (await t.app.request('/openapi.json')).json()) as { paths: Operations }
    secured = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) => (operation.security?.length ?? 0) > 0)
        .map(([method]) => ({
          method: method.toUpperCase(),
          path,
          url: path.replace(/\{[^}]+\}/g, 'x1'),
        })),
    )
    keys.check = await t.keyFor('acme', ['check'])
    keys.admin = await t.keyFor('acme', ['admin'])
  })
  afterAll(() => t.close())

  it('finds the bearer operations in the document', () => {
    expect(secured.length).toBeGreaterThanOrEqual(29)
  })

  it('answers 401 without a key, having read none of the body', async () => {
    for (const { method, url } of secured) {
      const body = countingBody(new Uint8Array(1024).fill(0x61), 1024 * 1024)
      const init =
        method === 'GET' || method === 'DELETE'
          ? { method }
          : streamedInit(method, body.stream, JSON_TYPE)
      const res = await t.app.request(url, init)
      expect(res.status, `${method} ${url}`).toBe(401)
      expect(body.pulled(), `${method} ${url}`).toBe(0)
    }
  })

  it('answers a method no route serves 404, key or not, without reading the body', async () => {
    for (const [method, url] of [
      ['PUT', '/v1/login'],
      ['DELETE', '/v1/accounts/import'],
      ['PATCH', '/v1/incidents/x1/exposures'],
      ['POST', '/v1/admin/migration/unknown'],
    ] as const) {
      for (const headers of [{}, keys.check, keys.admin] as Record<string, string>[]) {
        const body = countingBody(new Uint8Array(1024).fill(0x61), 1024 * 1024)
        const res = await t.app.request(
          url,
          streamedInit(method, body.stream, { ...JSON_TYPE, ...headers }),
        )
        expect(await res.json(), `${method} ${url}`).toMatchObject({ code: 'not_found' })
        expect(body.pulled(), `${method} ${url}`).toBe(0)
      }
    }
  })
})

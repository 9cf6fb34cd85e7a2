import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { revokeApiKey } from '../../src/auth/api-key-store.js'
import { MD5_CRYPT, STRONG_PASSWORD, ndjson } from '../support/accounts-fixtures.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'

type Operation = { method: string; path: string }

/** Every operation the OpenAPI document declares as needing a bearer key. */
async function securedOperations(
  app: ReturnType<typeof createTestApp>['app'],
): Promise<Operation[]> {
  const doc = (await (await app.request('/openapi.json')).json()) as {
    paths: Record<string, Record<string, { security?: unknown[] }>>
  }
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([, operation]) => (operation.security ?? []).length > 0)
      .map(([method, _]) => ({
        method: method.toUpperCase(),
        path: path.replace(/\{[^}]+\}/g, 'probe-id'),
      })),
  )
}

describe('access control across every secured route', () => {
  let t: ReturnType<typeof createTestApp>
  let operations: Operation[]
  const keys: Record<string, Record<string, string>> = {}

  beforeAll(async () => {
    t = createTestApp()
    operations = await securedOperations(t.app)
    for (const scope of ['check', 'login', 'admin'] as const)
      keys[scope] = await t.keyFor('tenant-a', [scope])
  })
  afterAll(() => t.close())

  const call = (op: Operation, headers: Record<string, string>) =>
    t.app.request(op.path, {
      method: op.method,
      headers: { 'content-type': 'application/json', ...headers },
      ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { body: '{}' }),
    })

  it('finds the routes to test in the OpenAPI document', () => {
    const names = operations.map((op) => `${op.method} ${op.path}`)
    for (const expected of [
      'POST /v1/passwords/check',
      'POST /v1/login',
      'POST /v1/accounts',
      'GET /v1/accounts/probe-id',
      'POST /v1/accounts/probe-id/password',
      'POST /v1/accounts/import',
      'POST /v1/hashes/verify',
    ]) {
      expect(names).toContain(expected)
    }
  })

  it('answers 401 problem+json without a key or with a bogus one', async () => {
    for (const op of operations) {
      const variants: Record<string, string>[] = [
        {},
        { authorization: 'Bearer pwg_nope_nope' },
        { authorization: 'Basic eDp5' },
      ]
      for (const headers of variants) {
        const res = await call(op, headers)
        expect(res.status, `${op.method} ${op.path}`).toBe(401)
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/)
      }
    }
  })

  it('lets exactly one scope through each route and answers 403 to the others', async () => {
    for (const op of operations) {
      const passing: string[] = []
      for (const scope of Object.keys(keys)) {
        const res = await call(op, keys[scope]!)
        if (res.status === 403)
          expect(((await res.json()) as { code: string }).code).toBe('forbidden')
        else passing.push(scope)
      }
      expect(passing, `${op.method} ${op.path}`).toHaveLength(1)
    }
  })
})

describe('tenant isolation and revocation', () => {
  let t: ReturnType<typeof createTestApp>
  beforeAll(() => {
    t = createTestApp()
  })
  afterAll(() => t.close())

  it("answers 404 for another tenant's account, exactly as for a missing one", async () => {
    const a = await t.keyFor('tenant-a', ['admin', 'login'])
    const b = await t.keyFor('tenant-b', ['admin', 'login'])
    await t.app.request('/v1/accounts/import', {
      method: 'POST',
      headers: { ...a, 'content-type': 'application/x-ndjson' },
      body: ndjson([{ externalId: 'patient-1', hash: MD5_CRYPT.hash }]),
    })
    const own = await t.app.request('/v1/accounts/patient-1', { headers: a })
    expect(own.status).toBe(200)
    const foreign = await t.app.request('/v1/accounts/patient-1', { headers: b })
    const missing = await t.app.request('/v1/accounts/patient-404', { headers: b })
    expect(foreign.status).toBe(404)
    expect(await foreign.text()).toBe(await missing.text())
    // Logging in through the other tenant is an ordinary failure.
    const login = await t.app.request(
      '/v1/login',
      jsonRequest('POST', { externalId: 'patient-1', password: MD5_CRYPT.password }, b),
    )
    expect(login.status).toBe(401)
  })

  it('stops a revoked key on the very next request', async () => {
    const key = await t.keyFor('tenant-c', ['check'])
    const body = jsonRequest('POST', { password: STRONG_PASSWORD }, key)
    expect((await t.app.request('/v1/passwords/check', body)).status).toBe(200)
    const id = key.authorization!.split('_')[1]!
    expect(
      await revokeApiKey(t.deps.stores.tenantKeys, {
        tenantId: 'tenant-c',
        id,
        now: t.clock.now(),
      }),
    ).toBe(true)
    expect(
      (
        await t.app.request(
          '/v1/passwords/check',
          jsonRequest('POST', { password: STRONG_PASSWORD }, key),
        )
      ).status,
    ).toBe(401)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadHashVectors, REQUIRED_SCHEMES, type HashVector } from '../hashing/legacy-fixtures.js'
import { ndjson } from '../support/accounts-fixtures.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'

/**
 * Issue 3's promise, through HTTP only: for every legacy scheme in the independent fixtures
 * (passlib, Django, PHP, htpasswd, mkpasswd, OpenSSL, …), an imported hash logs in, is upgraded
 * to argon2id, logs in again through the new hash, and a wrong password fails (changed at the
 * front: DES crypt reads 8 characters and bcrypt 72 bytes, as their reference implementations do).
 */
const byteLength = (text: string) => new TextEncoder().encode(text).byteLength

function onePerScheme(): HashVector[] {
  const chosen = new Map<string, HashVector>()
  for (const vector of loadHashVectors()) {
    if (vector.realistic || vector.password === '' || byteLength(vector.password) > 1024) continue
    // Prefer a non-ASCII password where the fixtures have one: the harder case.
    const current = chosen.get(vector.scheme)
    if (
      !current ||
      (!/[^\x20-\x7e]/.test(current.password) && /[^\x20-\x7e]/.test(vector.password))
    ) {
      chosen.set(vector.scheme, vector)
    }
  }
  return [...chosen.values()]
}

describe('every legacy family logs in, upgrades and logs in again over HTTP', () => {
  const vectors = onePerScheme()
  const t = createTestApp()
  let key: Record<string, string>
  beforeAll(async () => {
    key = await t.keyFor('clinic', ['admin', 'login'])
    const res = await t.app.request('/v1/accounts/import', {
      method: 'POST',
      headers: { ...key, 'content-type': 'application/x-ndjson' },
      body: ndjson(
        vectors.map((v, i) => ({
          externalId: `v-${i}`,
          hash: v.hash,
          ...(v.hint ? { hint: v.hint } : {}),
        })),
      ),
    })
    expect(await res.json()).toMatchObject({ imported: vectors.length, rejectedCount: 0 })
  })
  afterAll(() => t.close())

  it('covers the families the issue lists', () => {
    const schemes = new Set(vectors.map((v) => v.scheme))
    for (const scheme of REQUIRED_SCHEMES) {
      expect(schemes, scheme).toContain(scheme)
    }
    expect(schemes.size).toBeGreaterThanOrEqual(50)
  })

  const login = (i: number, password: string) =>
    t.app.request('/v1/login', jsonRequest('POST', { externalId: `v-${i}`, password }, key))

  it.each(vectors.map((v, i) => [v.scheme, i, v] as const))('%s', async (_scheme, i, vector) => {
    expect((await login(i, `wrong-${vector.password}`)).status).toBe(401)
    const first = await login(i, vector.password)
    expect(first.status).toBe(200)
    expect(await first.json()).toMatchObject({ ok: true, rehashed: true })
    const view = (await (await t.app.request(`/v1/accounts/v-${i}`, { headers: key })).json()) as {
      scheme: string
    }
    expect(view.scheme).toBe('argon2id')
    expect(await (await login(i, vector.password)).json()).toMatchObject({
      ok: true,
      rehashed: false,
    })
    expect((await login(i, `x${vector.password}`)).status).toBe(401)
  })
})

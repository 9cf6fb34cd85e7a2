import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ndjson } from '../support/accounts-fixtures.js'
import { createPooledHashing } from '../support/pooled-hashing.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'
import type { HashVector } from './legacy-fixtures.js'

/** Library defaults real systems emit (scripts/fixtures/generate-hash-fixtures.py --only defaults). */
const VECTORS = (
  JSON.parse(
    readFileSync(join(import.meta.dirname, '../fixtures/hashes/defaults/defaults.json'), 'utf8'),
  ) as { vectors: HashVector[] }
).vectors

describe('the cost bounds admit every library default', () => {
  const hashing = createPooledHashing()
  let t: ReturnType<typeof createTestApp>
  let admin: Record<string, string>
  beforeAll(async () => {
    t = createTestApp({ deps: hashing.deps })
    admin = await t.keyFor('clinic', ['admin', 'login'])
  })
  afterAll(async () => {
    t.close()
    await hashing.close()
  })

  it('imports passlib/phpBB phpass 2^19, sha512-crypt 656,000, Django 5.2 PBKDF2 1 M and the rest', async () => {
    const res = await t.app.request('/v1/accounts/import', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/x-ndjson' },
      body: ndjson(VECTORS.map((v, i) => ({ externalId: `default-${i}`, hash: v.hash }))),
    })
    expect(await res.json()).toMatchObject({ imported: VECTORS.length, rejected: [] })
  })

  it.each(VECTORS.map((v, i) => [v.tool, v, i] as const))(
    'logs in and upgrades: %s',
    async (_, vector, i) => {
      const login = await t.app.request(
        '/v1/login',
        jsonRequest('POST', { externalId: `default-${i}`, password: vector.password }, admin),
      )
      expect(login.status).toBe(200)
      expect(await login.json()).toMatchObject({ ok: true, rehashed: true })
    },
    60_000,
  )
})

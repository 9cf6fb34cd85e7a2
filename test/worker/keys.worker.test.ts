import argon2Wasm from '@phi-ag/argon2/argon2.wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { createApiKey } from '../../src/auth/api-key-store.js'
import { createWorkerHandler } from '../../src/entry/worker-handler.js'
import { webCryptoRandom } from '../../src/ports/random.js'
import { createSqliteTenantKeyStore } from '../../src/store/sqlite/sqlite-tenant-key-store.js'
import { createD1Driver } from '../../src/store/d1-driver.js'
import { DEFAULT_TENANT_ID } from '../../src/tenants/tenant-store.js'
import { adminAuth, seedCorpus, testEnv } from './worker-test-env.js'

// The corpus upload, as the deploy guide does it with `wrangler r2 object put`.
beforeAll(() => seedCorpus())

// Bearer keys on the Worker, against D1: a key-protected /range (PWGUARD_RANGE_PUBLIC=false).
const handler = createWorkerHandler(argon2Wasm)
const env = { ...testEnv, PWGUARD_RANGE_PUBLIC: 'false' }
const get = (headers: Record<string, string> = {}) =>
  handler.fetch(new Request('http://pwguard.test/range/5BAA6', { headers }), env)

describe('Worker entry: API keys on D1', () => {
  it('answers 401 problem+json without a key or with an unknown one', async () => {
    const missing = await get()
    expect(missing.status).toBe(401)
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/)
    expect(await missing.json()).toMatchObject({ status: 401, code: 'unauthorized' })
    expect((await get({ authorization: 'Bearer pwg_nope_nope' })).status).toBe(401)
  })

  it('accepts the bootstrap admin key stored from PWGUARD_BOOTSTRAP_KEY', async () => {
    const res = await get(adminAuth())
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toMatch(/^private/)
  })

  it('answers 403 for a key without the scope', async () => {
    await get(adminAuth())
    const { db } = createD1Driver(testEnv.DB)
    const { key } = await createApiKey(createSqliteTenantKeyStore(db), webCryptoRandom, {
      tenantId: DEFAULT_TENANT_ID,
      scopes: ['login'],
      now: Date.now(),
    })
    const res = await get({ authorization: `Bearer ${key}` })
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ code: 'forbidden' })
  })
})

import argon2Wasm from '@phi-ag/argon2/argon2.wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { createWorkerHandler } from '../../src/entry/worker-handler.js'
import { seedCorpus, testEnv } from './worker-test-env.js'

// The corpus upload, as the deploy guide does it with `wrangler r2 object put`.
beforeAll(() => seedCorpus())

const health = (handler: ReturnType<typeof createWorkerHandler>, env: object) =>
  handler.fetch(new Request('http://pwguard.test/health'), { ...testEnv, ...env })

describe('Worker entry: start-up per isolate', () => {
  it('refuses with 503 problem+json when PWGUARD_SECRET is missing', async () => {
    const res = await health(createWorkerHandler(argon2Wasm), { PWGUARD_SECRET: undefined })
    expect(res.status).toBe(503)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    const body = (await res.json()) as { code: string; detail: string }
    expect(body.code).toBe('unavailable')
    expect(body.detail).toMatch(/PWGUARD_SECRET/)
  })

  it('refuses without a corpus, then starts once one is uploaded (failures are not cached)', async () => {
    const handler = createWorkerHandler(argon2Wasm)
    const env = { PWGUARD_CORPUS_PREFIX: 'later/' }
    const before = await health(handler, env)
    expect(before.status).toBe(503)
    expect(((await before.json()) as { detail: string }).detail).toMatch(/later\/manifest\.json/)
    await seedCorpus(testEnv.CORPUS, 'later/')
    expect((await health(handler, env)).status).toBe(200)
  })

  it('stores the bootstrap key once, even when isolates start together', async () => {
    const results = await Promise.all(
      [1, 2, 3].map(() => health(createWorkerHandler(argon2Wasm), {})),
    )
    expect(results.map((res) => res.status)).toEqual([200, 200, 200])
    const rows = await testEnv.DB.prepare(
      "SELECT id, scopes FROM api_keys WHERE label = 'PWGUARD_BOOTSTRAP_KEY'",
    ).all<{ id: string; scopes: string }>()
    expect(rows.results).toEqual([{ id: 'bootstrap', scopes: 'check,login,admin' }])
  })

  it('stores no key when PWGUARD_BOOTSTRAP_KEY is unset', async () => {
    await testEnv.DB.exec('DELETE FROM api_keys')
    const res = await health(createWorkerHandler(argon2Wasm), { PWGUARD_BOOTSTRAP_KEY: undefined })
    expect(res.status).toBe(200)
    const count = await testEnv.DB.prepare('SELECT count(*) AS n FROM api_keys').first<{
      n: number
    }>()
    expect(count?.n).toBe(0)
  })
})

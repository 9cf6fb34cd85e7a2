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

  it('refuses a corpus whose filter file is corrupt', async () => {
    await seedCorpus(testEnv.CORPUS, 'badfilter/')
    await testEnv.CORPUS.put('badfilter/filter.bin', new Uint8Array(40))
    const res = await health(createWorkerHandler(argon2Wasm), {
      PWGUARD_CORPUS_PREFIX: 'badfilter/',
    })
    expect(res.status).toBe(503)
    expect(((await res.json()) as { detail: string }).detail).toMatch(/not a pwguard filter/)
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

  it('stores no key when PWGUARD_BOOTSTRAP_KEY is unset, and the key once it is set', async () => {
    // A fresh database: no keys and no bootstrap marker (with the marker left, bootstrapping
    // is over for good and nothing would be stored either way).
    await testEnv.DB.exec('DELETE FROM api_keys')
    await testEnv.DB.exec("DELETE FROM service_markers WHERE name = 'bootstrap_admin_key'")
    const res = await health(createWorkerHandler(argon2Wasm), { PWGUARD_BOOTSTRAP_KEY: undefined })
    expect(res.status).toBe(200)
    const count = () =>
      testEnv.DB.prepare('SELECT count(*) AS n FROM api_keys').first<{ n: number }>()
    expect((await count())?.n).toBe(0)
    // Waiting is not "done": the first isolate started with the variable stores it.
    expect((await health(createWorkerHandler(argon2Wasm), {})).status).toBe(200)
    expect((await count())?.n).toBe(1)
  })
})

describe('Worker entry: filter in the isolate or range reads alone', () => {
  const checkWith = async (env: object, password: string) => {
    const res = await createWorkerHandler(argon2Wasm).fetch(
      new Request('http://pwguard.test/v1/passwords/check', {
        method: 'POST',
        headers: {
          authorization: `Bearer ${testEnv.PWGUARD_BOOTSTRAP_KEY}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ password }),
      }),
      { ...testEnv, ...env },
    )
    expect(res.status).toBe(200)
    return ((await res.json()) as { breach: { breached: boolean; count: number } }).breach
  }

  it('gives the same breach answers with the filter loaded and with range reads alone', async () => {
    for (const env of [{}, { PWGUARD_FILTER_MAX_BYTES: '0' }]) {
      expect(await checkWith(env, 'password')).toMatchObject({ breached: true, count: 3_861_493 })
      expect(await checkWith(env, 'Velvet-Tractor-Quinoa-Lighthouse-Mango')).toMatchObject({
        breached: false,
      })
    }
  })

  it('refuses a filter limit that is not a byte count', async () => {
    const res = await health(createWorkerHandler(argon2Wasm), { PWGUARD_FILTER_MAX_BYTES: '-1' })
    expect(res.status).toBe(503)
  })
})

describe('Worker entry: upstream range API', () => {
  const check = async (url: string, failMode: string) => {
    const res = await createWorkerHandler(argon2Wasm).fetch(
      new Request('http://pwguard.test/v1/passwords/check', {
        method: 'POST',
        headers: {
          authorization: `Bearer ${testEnv.PWGUARD_BOOTSTRAP_KEY}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ password: testEnv.TEST_UPSTREAM_ONLY.password }),
      }),
      { ...testEnv, PWGUARD_UPSTREAM_RANGE_URL: url, PWGUARD_UPSTREAM_FAIL: failMode },
    )
    expect(res.status).toBe(200)
    return (await res.json()) as {
      acceptable: boolean
      breach: { breached: boolean; count: number; upstream?: string }
    }
  }

  it('asks the upstream (global fetch) for what the local corpus lacks', async () => {
    const body = await check('https://upstream.test/range/', 'open')
    expect(body.breach).toEqual({
      breached: true,
      count: testEnv.TEST_UPSTREAM_ONLY.count,
      upstream: 'ok',
    })
    expect(body.acceptable).toBe(false)
  })

  it('fails open or closed when the upstream is unreachable', async () => {
    const open = await check('https://down.test/range/', 'open')
    expect(open.breach).toMatchObject({ breached: false, upstream: 'unavailable' })
    const closed = await check('https://down.test/range/', 'closed')
    expect(closed.acceptable).toBe(false)
  })
})

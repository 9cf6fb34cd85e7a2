import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { STRONG_PASSWORD } from '../support/accounts-fixtures.js'
import { createPooledHashing } from '../support/pooled-hashing.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'

const ab64 = (bytes: number) =>
  Buffer.alloc(bytes, 7).toString('base64').replace(/=+$/, '').replaceAll('+', '.')
/** A PBKDF2 hash the flood verifies: ~0.1 s of one core each on an idle machine. */
const SLOW = `$pbkdf2-sha256$200000$${ab64(16)}$${ab64(32)}`

describe('per-tenant fairness on the hashing pool: one tenant cannot starve another', () => {
  const hashing = createPooledHashing({ maxConcurrent: 2, maxQueued: 16 })
  afterAll(() => hashing.close())
  let t: ReturnType<typeof createTestApp>
  afterEach(() => t.close())

  it("tenant B logs in promptly while tenant A floods slow verifies; A's excess is shed", async () => {
    t = createTestApp({ deps: hashing.deps })
    const flooder = await t.keyFor('tenant-a', ['login'])
    const victim = await t.keyFor('tenant-b', ['login'])
    const created = await t.app.request(
      '/v1/accounts',
      jsonRequest('POST', { externalId: 'patient', password: STRONG_PASSWORD }, victim),
    )
    expect(created.status).toBe(201)
    const idleStart = performance.now()
    await t.app.request(
      '/v1/login',
      jsonRequest('POST', { externalId: 'patient', password: STRONG_PASSWORD }, victim),
    )
    const idleMs = performance.now() - idleStart
    const floodStart = performance.now()
    const flood = Array.from({ length: 20 }, () =>
      t.app.request(
        '/v1/hashes/verify',
        jsonRequest('POST', { hash: SLOW, password: 'x' }, flooder),
      ),
    )
    // B's login arrives behind A's whole queue.
    await new Promise((resolve) => setTimeout(resolve, 20))
    const loginStart = performance.now()
    const login = await t.app.request(
      '/v1/login',
      jsonRequest('POST', { externalId: 'patient', password: STRONG_PASSWORD }, victim),
    )
    const loginMs = performance.now() - loginStart
    const floodResponses = await Promise.all(flood)
    const floodMs = performance.now() - floodStart
    expect(login.status).toBe(200)
    const statuses = floodResponses.map((res) => res.status)
    // A may hold 2 running + 12 queued (16 less the quarter kept for other tenants).
    expect(statuses.filter((s) => s === 200)).toHaveLength(14)
    expect(statuses.filter((s) => s === 503)).toHaveLength(6)
    const refused = floodResponses.find((res) => res.status === 503)
    expect(refused?.headers.get('retry-after')).toBe('1')
    expect(await refused?.json()).toMatchObject({ code: 'overloaded' })
    // Round robin: B waits for about one of A's jobs per slot, not for A's 12 queued ones.
    console.log(
      JSON.stringify({
        figure: 'fairness',
        idleMs: Math.round(idleMs),
        loginMs: Math.round(loginMs),
        floodMs: Math.round(floodMs),
      }),
    )
    // First-come-first-served would finish B's login with A's last job (ratio ~1).
    expect(loginMs).toBeLessThan(floodMs * 0.5)
    expect(loginMs).toBeLessThan(idleMs + floodMs * 0.4)
  })
})

describe('per-key hashing budget on /v1/hashes/verify', () => {
  const hashing = createPooledHashing()
  afterAll(() => hashing.close())
  let t: ReturnType<typeof createTestApp>
  afterEach(() => t.close())

  it('answers 429 verify_budget_exhausted with Retry-After once a key spent its budget', async () => {
    t = createTestApp({ deps: hashing.deps, settings: { verifyCpuMsPerMinute: 200 } })
    const key = await t.keyFor('tenant-a', ['login'])
    const other = await t.keyFor('tenant-a', ['login'])
    const verify = (auth: Record<string, string>) =>
      t.app.request('/v1/hashes/verify', jsonRequest('POST', { hash: SLOW, password: 'x' }, auth))
    const statuses: number[] = []
    let refused: Response | undefined
    for (let i = 0; i < 6 && !refused; i++) {
      const res = await verify(key)
      statuses.push(res.status)
      if (res.status === 429) refused = res
    }
    expect(statuses[0]).toBe(200)
    expect(refused).toBeDefined()
    expect(await refused?.json()).toMatchObject({ code: 'verify_budget_exhausted', status: 429 })
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    // The budget is per key: another key of the same tenant still verifies.
    expect((await verify(other)).status).toBe(200)
    // Refilled with time (the app's clock): a minute later the key verifies again.
    t.clock.advance(60_000)
    expect((await verify(key)).status).toBe(200)
  })
})

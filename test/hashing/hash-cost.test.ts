import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ndjson } from '../support/accounts-fixtures.js'
import { createPooledHashing } from '../support/pooled-hashing.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'

const b64 = (bytes: number) => Buffer.alloc(bytes, 7).toString('base64').replace(/=+$/, '')
const ab64 = (bytes: number) => b64(bytes).replaceAll('+', '.')

/** The finding's reproductions: each would cost seconds of CPU or a gigabyte if admitted. */
const HOSTILE: [string, string][] = [
  ['sha512-crypt 10 M rounds (~51 s)', `$6$rounds=10000000$saltsalt$${'a'.repeat(86)}`],
  ['PBKDF2 10 M iterations (~6 s)', `$pbkdf2-sha256$10000000$${ab64(16)}$${ab64(32)}`],
  ['scrypt N=2^17 p=10 (~3.4 s)', `$scrypt$ln=17,r=8,p=10$${ab64(16)}$${ab64(32)}`],
  ['argon2 m=1 GiB', `$argon2id$v=19$m=1048576,t=1,p=1$${b64(16)}$${b64(32)}`],
  ['phpass 2^24', `$P$M${'saltsalt'}${'a'.repeat(22)}`],
  ['bcrypt cost 18', `$2b$18$${'a'.repeat(53)}`],
  ['BSDi 16 M rounds', `_zzzzsalt${'a'.repeat(11)}`],
]

describe('caller-chosen hash cost: a hostile work factor is refused before any hashing', () => {
  const hashing = createPooledHashing()
  let t: ReturnType<typeof createTestApp>
  beforeAll(async () => {
    t = createTestApp({ deps: hashing.deps })
    // Warm-up: the first request of an app builds its routes and the OpenAPI schemas.
    const key = await t.keyFor('clinic', ['login'])
    await t.app.request('/v1/hashes/verify', jsonRequest('POST', { hash: 'x', password: 'x' }, key))
  })
  afterAll(async () => {
    t.close()
    await hashing.close()
  })

  it.each(HOSTILE)('/v1/hashes/verify refuses %s with 422 before hashing', async (_, hash) => {
    const key = await t.keyFor('clinic', ['login'])
    const start = performance.now()
    const res = await t.app.request(
      '/v1/hashes/verify',
      jsonRequest('POST', { hash, password: 'x'.repeat(1024) }, key),
    )
    const ms = performance.now() - start
    expect(res.status).toBe(422)
    expect(await res.json()).toMatchObject({ code: 'cost_out_of_bounds' })
    // Seconds of work if it were computed; refused at parse time instead.
    expect(ms).toBeLessThan(500)
  })

  it('/v1/accounts/import refuses every over-bound hash with cost_out_of_bounds, fast', async () => {
    const admin = await t.keyFor('clinic', ['admin'])
    const start = performance.now()
    const res = await t.app.request('/v1/accounts/import', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/x-ndjson' },
      body: ndjson(HOSTILE.map(([, hash], i) => ({ externalId: `hostile-${i}`, hash }))),
    })
    const ms = performance.now() - start
    expect(res.status).toBe(200)
    const body = (await res.json()) as { imported: number; rejected: { code: string }[] }
    expect(body.imported).toBe(0)
    expect(body.rejected.map((r) => r.code)).toEqual(HOSTILE.map(() => 'cost_out_of_bounds'))
    expect(ms).toBeLessThan(500)
  })
})

describe('slow verifies run off the event loop', () => {
  const hashing = createPooledHashing()
  afterAll(() => hashing.close())
  let t: ReturnType<typeof createTestApp>
  afterEach(() => t.close())

  /** Event-loop utilisation and worst timer lag while one request runs. */
  async function loopLoadDuring(run: () => Promise<Response>) {
    let worstLag = 0
    let last = performance.now()
    const timer = setInterval(() => {
      const now = performance.now()
      worstLag = Math.max(worstLag, now - last - 5)
      last = now
    }, 5)
    const before = performance.eventLoopUtilization()
    const res = await run()
    const elu = performance.eventLoopUtilization(before).utilization
    clearInterval(timer)
    return { res, elu, worstLag }
  }

  it('a 150,000-round sha512-crypt verify leaves the event loop idle (baseline: in place)', async () => {
    const hash = `$6$rounds=150000$saltsalt$${'a'.repeat(86)}`
    const verify = async (app: ReturnType<typeof createTestApp>) => {
      const key = await app.keyFor('clinic', ['login'])
      return loopLoadDuring(async () =>
        app.app.request('/v1/hashes/verify', jsonRequest('POST', { hash, password: 'pw' }, key)),
      )
    }
    // Baseline in the same run: the default test wiring computes the family in place.
    t = createTestApp()
    const inPlace = await verify(t)
    t.close()
    t = createTestApp({ deps: hashing.deps })
    const pooled = await verify(t)
    expect(inPlace.res.status).toBe(200)
    expect(pooled.res.status).toBe(200)
    console.log(
      JSON.stringify({ figure: 'event-loop', inPlace, pooled }, [
        'figure',
        'inPlace',
        'pooled',
        'elu',
        'worstLag',
      ]),
    )
    expect(inPlace.elu).toBeGreaterThan(0.6)
    expect(pooled.elu).toBeLessThan(0.3)
    // Timer lag on a loaded 2-core machine is mostly the OS scheduler; in place it was ~800 ms.
    expect(pooled.worstLag).toBeLessThan(250)
  })
})

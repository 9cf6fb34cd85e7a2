import { beforeAll, describe, expect, it } from 'vitest'
import { MD5_CRYPT, SHA512_CRYPT, STRONG_PASSWORD, ndjson } from '../support/accounts-fixtures.js'
import { jsonRequest, keyFor, request } from './worker-app.js'
import { seedCorpus, testEnv } from './worker-test-env.js'

// The corpus upload, as the deploy guide does it with `wrangler r2 object put`.
beforeAll(() => seedCorpus())

// The check, accounts, import and login routes through the Worker entry: D1 for the vault,
// the R2 corpus for breach answers, WASM argon2 for new hashes.
describe('Worker entry: POST /v1/passwords/check', () => {
  let auth: Record<string, string>
  beforeAll(async () => {
    auth = await keyFor('acme', ['check'])
  })
  const check = (body: unknown, headers = auth) =>
    request('/v1/passwords/check', jsonRequest('POST', body, headers))

  it('accepts a strong password', async () => {
    const res = await check({ password: 'Velvet-Tractor-Quinoa-Lighthouse-Mango-Seventeen-Zephyr' })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ acceptable: true, breach: { breached: false } })
  })

  it('refuses a password found in the R2 corpus, with its count', async () => {
    const body = (await (await check({ password: 'password' })).json()) as {
      acceptable: boolean
      breach: { breached: boolean; count: number }
      violations: { code: string }[]
    }
    expect(body.acceptable).toBe(false)
    expect(body.breach).toMatchObject({ breached: true, count: 3_861_493 })
    expect(body.violations.map((v) => v.code)).toContain('breached')
  })

  it('needs a key with the check scope', async () => {
    expect((await check({ password: 'x' }, {})).status).toBe(401)
    const login = await keyFor('acme', ['login'])
    expect((await check({ password: 'x' }, login)).status).toBe(403)
  })
})

describe('Worker entry: accounts, import and login on D1', () => {
  let admin: Record<string, string>
  beforeAll(async () => {
    admin = await keyFor('clinic', ['admin', 'login'])
  })
  const login = (body: unknown) => request('/v1/login', jsonRequest('POST', body, admin))
  const importHashes = async (records: unknown[]) => {
    const res = await request('/v1/accounts/import', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/x-ndjson' },
      body: ndjson(records),
    })
    expect(res.status).toBe(200)
    return res.json() as Promise<{ imported: number; rejectedCount: number }>
  }

  it('creates an account with a new password and logs it in by id and by e-mail', async () => {
    const created = await request(
      '/v1/accounts',
      jsonRequest(
        'POST',
        { externalId: 'p-1', email: 'An@Example.be', password: STRONG_PASSWORD },
        admin,
      ),
    )
    expect(created.status).toBe(201)
    expect(await created.json()).toMatchObject({ externalId: 'p-1', scheme: 'argon2id' })
    expect(
      await (await login({ externalId: 'p-1', password: STRONG_PASSWORD })).json(),
    ).toMatchObject({ ok: true, externalId: 'p-1', rehashed: false })
    const byEmail = await login({ email: ' an@EXAMPLE.be ', password: STRONG_PASSWORD })
    expect(await byEmail.json()).toMatchObject({ ok: true, externalId: 'p-1' })
  })

  it('imports legacy hashes, rejects bad lines, and upgrades to argon2id at login', async () => {
    const report = await importHashes([
      { externalId: 'legacy-1', hash: MD5_CRYPT.hash },
      { externalId: 'legacy-2', hash: SHA512_CRYPT.hash },
      { externalId: 'bad', hash: 'not-a-hash-at-all' },
    ])
    expect(report).toMatchObject({ imported: 2, rejectedCount: 1 })
    const first = await login({ externalId: 'legacy-2', password: SHA512_CRYPT.password })
    expect(await first.json()).toMatchObject({ ok: true, rehashed: true })
    const again = await login({ externalId: 'legacy-2', password: SHA512_CRYPT.password })
    expect(await again.json()).toMatchObject({ ok: true, rehashed: false })
    const row = await testEnv.DB.prepare(
      "SELECT password_hash AS hash FROM accounts WHERE external_id = 'legacy-2'",
    ).first<{ hash: string }>()
    expect(row?.hash).toMatch(/^\$argon2id\$/)
    // The hash the Worker wrote verifies on Node too: a tenant can move between runtimes.
    const node = await testEnv.NODE_ARGON2.fetch('http://node/verify', {
      method: 'POST',
      body: JSON.stringify({ phc: row?.hash, password: SHA512_CRYPT.password }),
    })
    expect(await node.json()).toEqual({ ok: true })
  })

  it('answers a wrong password exactly like an unknown account', async () => {
    const wrong = await login({ externalId: 'legacy-1', password: 'not the password' })
    const unknown = await login({ externalId: 'nobody', password: 'not the password' })
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(await wrong.text()).toBe(await unknown.text())
  })
})

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createMemoryCorpus } from '../../src/breach/memory-corpus.js'
import {
  MD5_CRYPT,
  SHA512_CRYPT,
  STRONG_PASSWORD,
  ndjson,
  sha1Upper,
} from '../support/accounts-fixtures.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'

describe('POST /v1/login', () => {
  let t: ReturnType<typeof createTestApp>
  let login: Record<string, string>
  let admin: Record<string, string>

  beforeEach(async () => {
    t = createTestApp({
      corpus: createMemoryCorpus([{ sha1: sha1Upper(MD5_CRYPT.password), count: 42 }]),
    })
    login = await t.keyFor('clinic', ['login'])
    admin = await t.keyFor('clinic', ['admin'])
  })
  afterEach(() => t.close())

  const post = (body: unknown, headers = login) =>
    t.app.request('/v1/login', jsonRequest('POST', body, headers))
  const importHashes = async (records: unknown[]) => {
    const res = await t.app.request('/v1/accounts/import', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/x-ndjson' },
      body: ndjson(records),
    })
    expect(res.status).toBe(200)
    return res.json() as Promise<{ imported: number; rejected: unknown[] }>
  }
  const account = async (externalId: string) =>
    (await t.app.request(`/v1/accounts/${externalId}`, { headers: admin })).json() as Promise<
      Record<string, unknown>
    >

  it('logs in an account created with a new password, by externalId and by e-mail', async () => {
    const created = await t.app.request(
      '/v1/accounts',
      jsonRequest(
        'POST',
        { externalId: 'p-1', email: 'An@Example.be', password: STRONG_PASSWORD },
        login,
      ),
    )
    expect(created.status).toBe(201)
    expect(await created.json()).toMatchObject({
      externalId: 'p-1',
      scheme: 'argon2id',
      mustReset: false,
    })

    const byId = await post({ externalId: 'p-1', password: STRONG_PASSWORD })
    expect(byId.status).toBe(200)
    expect(await byId.json()).toEqual({
      ok: true,
      externalId: 'p-1',
      rehashed: false,
      mustReset: false,
      reasons: [],
    })
    // The blind index matches the normalized address, whatever its case.
    const byEmail = await post({ email: ' an@EXAMPLE.be ', password: STRONG_PASSWORD })
    expect((await byEmail.json()) as object).toMatchObject({ ok: true, externalId: 'p-1' })
  })

  it('answers unknown accounts exactly like wrong passwords', async () => {
    await importHashes([{ externalId: 'p-2', hash: MD5_CRYPT.hash }])
    const wrong = await post({ externalId: 'p-2', password: 'not the password' })
    const unknown = await post({ externalId: 'nobody', password: 'not the password' })
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(await wrong.text()).toBe(await unknown.text())
    expect(wrong.headers.get('content-type')).toBe(unknown.headers.get('content-type'))
  })

  it('upgrades a legacy hash to argon2id on success, once, and verifies it after', async () => {
    await importHashes([{ externalId: 'p-3', hash: SHA512_CRYPT.hash }])
    expect(await account('p-3')).toMatchObject({ scheme: 'sha512_crypt', params: { rounds: 5000 } })
    const first = await post({ externalId: 'p-3', password: SHA512_CRYPT.password })
    expect(await first.json()).toMatchObject({ ok: true, rehashed: true })
    expect(await account('p-3')).toMatchObject({
      scheme: 'argon2id',
      params: { m: 8192, t: 1, p: 1 },
    })
    const second = await post({ externalId: 'p-3', password: SHA512_CRYPT.password })
    expect(await second.json()).toMatchObject({ ok: true, rehashed: false })
    // The new hash is over NFKC: a decomposed spelling of the same password still verifies.
    const decomposed = SHA512_CRYPT.password.normalize('NFD')
    expect(decomposed).not.toBe(SHA512_CRYPT.password)
    expect(
      (await (await post({ externalId: 'p-3', password: decomposed })).json()) as object,
    ).toMatchObject({ ok: true })
    expect((await post({ externalId: 'p-3', password: 'wrong' })).status).toBe(401)
  })

  it('flags a password found in the breach corpus for reset but still logs in (ASVS 2.1.7)', async () => {
    await importHashes([{ externalId: 'p-4', hash: MD5_CRYPT.hash }])
    const res = await post({ externalId: 'p-4', password: MD5_CRYPT.password })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      ok: true,
      mustReset: true,
      reasons: ['password_breached'],
    })
    expect(await account('p-4')).toMatchObject({
      mustReset: true,
      resetReason: 'password_breached',
    })
  })

  it('never returns the hash in the account view', async () => {
    await importHashes([{ externalId: 'p-5', hash: MD5_CRYPT.hash }])
    const text = JSON.stringify(await account('p-5'))
    expect(text).not.toContain('NuzA7WTAelpl95xgBGWN60')
    expect(text).not.toContain('$1$')
  })

  it('rejects bad bodies with problem+json and a stable code', async () => {
    const cases: [unknown, string][] = [
      ['{"externalId": "x", "password": ', 'invalid_json'],
      [{ externalId: 'x' }, 'invalid_body'],
      [{ externalId: 'x', email: 'a@b.be', password: 'x' }, 'invalid_body'],
      [{ externalId: 'x', password: 'é'.repeat(513) }, 'password_too_long'],
      [{ externalId: 'x', password: 'pw', client: { ip: 'not an ip' } }, 'invalid_body'],
    ]
    for (const [body, code] of cases) {
      const res = await post(body)
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400)
      expect(res.headers.get('content-type')).toBe('application/problem+json')
      expect(((await res.json()) as { code: string }).code).toBe(code)
    }
  })

  it('needs a key with the login scope', async () => {
    expect((await post({ externalId: 'x', password: 'y' }, {})).status).toBe(401)
    expect((await post({ externalId: 'x', password: 'y' }, admin)).status).toBe(403)
  })
})

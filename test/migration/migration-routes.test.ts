import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createNodeArgon2Hasher } from '../../src/hashing/argon2-hasher-node.js'
import { parseStoredHash } from '../../src/hashing/parse-stored-hash.js'
import { wrapLegacyHash } from '../../src/migration/wrapped-hash.js'
import type { WrapReport } from '../../src/migration/wrap-report.js'
import { MD5_CRYPT } from '../support/accounts-fixtures.js'
import { TEST_ARGON2, createTestApp, jsonRequest } from '../support/test-app.js'
import { djangoMd5, fixtureHash, importThroughApi, ldapSsha } from './migration-support.js'

describe('admin migration endpoints', () => {
  let t: ReturnType<typeof createTestApp>
  let admin: Record<string, string>
  let login: Record<string, string>
  beforeEach(async () => {
    t = createTestApp()
    admin = await t.keyFor('clinic', ['admin'])
    login = await t.keyFor('clinic', ['login'])
    await importThroughApi(t, admin, [
      ...[0, 1, 2, 3, 4].map((i) => ({ externalId: `s-${i}`, hash: ldapSsha(`pw-${i}`) })),
      ...[5, 6].map((i) => ({ externalId: `s-${i}`, hash: djangoMd5(`pw-${i}`) })),
      { externalId: 's-7', hash: fixtureHash('bcrypt', '$2b$04$').hash },
    ])
  })
  afterEach(() => t.close())

  const status = async () => {
    const res = await t.app.request('/v1/admin/migration', { headers: admin })
    expect(res.status).toBe(200)
    return ((await res.json()) as { distribution: unknown }).distribution
  }
  const wrap = async (body: object) => {
    const res = await t.app.request('/v1/admin/migration/wrap', jsonRequest('POST', body, admin))
    expect(res.status).toBe(200)
    return (await res.json()) as WrapReport
  }

  it('shows the scheme distribution move from legacy to wrapped to argon2id', async () => {
    expect(await status()).toEqual({
      total: 8,
      argon2id: 0,
      wrapped: { total: 0, byInner: {} },
      legacy: {
        total: 8,
        byFamily: { ldap: 5, django: 2, bcrypt: 1 },
        byScheme: { ldap_salted_sha1: 5, django_salted_md5: 2, bcrypt: 1 },
      },
    })
    expect((await wrap({ dryRun: true })).totals).toMatchObject({ toWrap: 7, wrapped: 0 })
    expect(((await status()) as { wrapped: { total: number } }).wrapped.total).toBe(0)

    const report = await wrap({})
    expect(report).toMatchObject({ complete: true, nextCursor: null, hashed: 7 })
    expect(report.totals).toMatchObject({ wrapped: 7, loginOnly: 1 })
    await t.app.request(
      '/v1/login',
      jsonRequest('POST', { externalId: 's-0', password: 'pw-0' }, login),
    )
    expect(await status()).toEqual({
      total: 8,
      argon2id: 1,
      wrapped: { total: 6, byInner: { ldap_salted_sha1: 4, django_salted_md5: 2 } },
      legacy: { total: 1, byFamily: { bcrypt: 1 }, byScheme: { bcrypt: 1 } },
    })
  })

  it('runs bounded per request and continues from nextCursor', async () => {
    const first = await wrap({ maxAccounts: 3, batch: 2 })
    expect(first).toMatchObject({ complete: false, nextCursor: 's-2' })
    expect(first.totals.scanned).toBe(3)
    const second = await wrap({ maxAccounts: 3, after: first.nextCursor })
    expect(second).toMatchObject({ complete: false, nextCursor: 's-5' })
    const third = await wrap({ maxAccounts: 3, after: second.nextCursor })
    expect(third).toMatchObject({ complete: true, nextCursor: null })
    const wrapped = [first, second, third].reduce((sum, r) => sum + r.totals.wrapped, 0)
    expect(wrapped).toBe(7)
  })

  it('needs the admin scope', async () => {
    expect((await t.app.request('/v1/admin/migration', { headers: login })).status).toBe(403)
    const res = await t.app.request('/v1/admin/migration/wrap', jsonRequest('POST', {}, login))
    expect(res.status).toBe(403)
  })
})

describe('POST /v1/hashes/verify with a wrapped hash', () => {
  const t = createTestApp()

  it('verifies, reports wrapped:<inner>, offers the argon2id upgrade and refuses forgeries', async () => {
    const headers = await t.keyFor('clinic', ['login'])
    const parsed = parseStoredHash(MD5_CRYPT.hash)
    if (!parsed.ok) throw new Error('fixture')
    const wrapped = (await wrapLegacyHash(parsed.hash, createNodeArgon2Hasher(TEST_ARGON2)))!
    const verify = (hash: string, password: string) =>
      t.app.request('/v1/hashes/verify', jsonRequest('POST', { hash, password }, headers))

    const ok = await verify(wrapped.stored, MD5_CRYPT.password)
    expect(ok.status).toBe(200)
    const body = (await ok.json()) as Record<string, unknown>
    expect(body).toMatchObject({ valid: true, scheme: 'wrapped:md5_crypt', needsRehash: true })
    expect(body.newHash).toMatch(/^\$argon2id\$v=19\$m=8192,t=1,p=1\$/)
    expect(await (await verify(wrapped.stored, 'wrong horse')).json()).toEqual({
      valid: false,
      scheme: 'wrapped:md5_crypt',
      needsRehash: true,
    })
    const forged = wrapped.stored.replace('$pwg-wrap$v=1$md5_crypt$', '$pwg-wrap$v=1$nope$')
    const bad = await verify(forged, MD5_CRYPT.password)
    expect(bad.status).toBe(422)
    expect(await bad.json()).toMatchObject({ code: 'malformed_hash' })
    t.close()
  })
})

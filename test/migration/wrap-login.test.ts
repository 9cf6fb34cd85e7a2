import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseStoredHash } from '../../src/hashing/parse-stored-hash.js'
import { accounts } from '../../src/store/schema.js'
import type { WrapReport } from '../../src/migration/wrap-report.js'
import { jsonRequest, createTestApp } from '../support/test-app.js'
import { importThroughApi, wrappableVectors } from './migration-support.js'

/** Every fast family the issue names (plus below-threshold slow ones) must be in the fixtures. */
const REQUIRED_FAST = [
  'raw_md5', 'salted_md5', 'raw_sha1', 'salted_sha1', 'raw_sha256', 'salted_sha256',
  'raw_sha512', 'salted_sha512', 'ntlm', 'mysql41', 'ldap_md5', 'ldap_sha1',
  'ldap_salted_md5', 'ldap_salted_sha1', 'ldap_salted_sha256', 'ldap_salted_sha512',
  'django_salted_sha1', 'django_salted_md5', 'django_unsalted_sha1', 'django_unsalted_md5',
  'des_crypt', 'md5_crypt', 'apr_md5_crypt', 'phpass',
] // prettier-ignore

describe('wrap then login through the wrapper, for every wrappable scheme', () => {
  const vectors = wrappableVectors()
  const t = createTestApp()
  let admin: Record<string, string>
  let login: Record<string, string>
  let report: WrapReport
  const idOf = (index: number) => `acct-${String(index).padStart(3, '0')}`

  beforeAll(async () => {
    admin = await t.keyFor('clinic', ['admin'])
    login = await t.keyFor('clinic', ['login'])
    const records = vectors.map((v, i) => ({ externalId: idOf(i), hash: v.hash, hint: v.hint }))
    expect((await importThroughApi(t, admin, records)).rejected).toEqual([])
    const res = await t.app.request(
      '/v1/admin/migration/wrap',
      jsonRequest('POST', { concurrency: 2, maxAccounts: 5000 }, admin),
    )
    expect(res.status).toBe(200)
    report = (await res.json()) as WrapReport
  })
  afterAll(() => t.close())

  it('covers every fast family of the issue', () => {
    const schemes = vectors.map((v) => {
      const parsed = parseStoredHash(v.hash, v.hint)
      return parsed.ok ? parsed.hash.scheme : 'unparsed'
    })
    expect(schemes).toEqual(expect.arrayContaining(REQUIRED_FAST))
  })

  it('wraps every one of them and leaves no fast digest at rest', async () => {
    expect(report.complete).toBe(true)
    expect(report.totals.wrapped).toBe(vectors.length)
    expect(report.totals.raced).toBe(0)
    const stored = await t.driver.db
      .select({ externalId: accounts.externalId, passwordHash: accounts.passwordHash })
      .from(accounts)
    expect(stored).toHaveLength(vectors.length)
    for (const row of stored) {
      const vector = vectors[Number(row.externalId.slice(5))]!
      const parsed = parseStoredHash(vector.hash, vector.hint)
      expect(row.passwordHash.startsWith('$pwg-wrap$v=1$')).toBe(true)
      if (parsed.ok) expect(row.passwordHash).not.toContain(parsed.hash.fast!.digest)
    }
  })

  it.each(vectors.map((v, i) => [v.scheme, i] as const))(
    '%s: right password logs in and leaves plain argon2id, wrong one is 401',
    async (_scheme, index) => {
      const vector = vectors[index]!
      const id = idOf(index)
      const view = async () =>
        (await (await t.app.request(`/v1/accounts/${id}`, { headers: admin })).json()) as {
          scheme: string
          params: Record<string, number>
        }
      const before = await view()
      expect(before.scheme).toMatch(/^wrapped:[a-z0-9_]+$/)
      expect(before.params).toEqual({ m: 8192, t: 1, p: 1 })
      // Changed up front: DES crypt only reads 8 characters, a suffix would still match.
      const wrong = await t.app.request(
        '/v1/login',
        jsonRequest(
          'POST',
          { externalId: id, password: vector.wrongPassword ?? `Z${vector.password}` },
          login,
        ),
      )
      expect(wrong.status).toBe(401)
      const right = await t.app.request(
        '/v1/login',
        jsonRequest('POST', { externalId: id, password: vector.password }, login),
      )
      expect(right.status).toBe(200)
      expect(await right.json()).toMatchObject({ ok: true, rehashed: true })
      expect((await view()).scheme).toBe('argon2id')
      const again = await t.app.request(
        '/v1/login',
        jsonRequest('POST', { externalId: id, password: vector.password }, login),
      )
      expect(await again.json()).toMatchObject({ ok: true, rehashed: false })
    },
  )
})

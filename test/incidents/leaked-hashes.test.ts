import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { ntlmDigest } from '../../src/breach/corpus/md4.js'
import { ldapSsha } from '../migration/migration-support.js'
import {
  MD5_CRYPT,
  SHA512_CRYPT,
  STRONG_PASSWORD,
  md5Hex,
  ndjson,
} from '../support/accounts-fixtures.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'

const sha1 = (text: string) => createHash('sha1').update(text).digest()
const ldapSha = (text: string) => `{SHA}${sha1(text).toString('base64')}`
const ntlmHex = (text: string) => Buffer.from(ntlmDigest(text)).toString('hex')
const SALTED = ldapSsha('patient-pw-3')
const CHANGED = ldapSsha('old-pass-1')
const REIMPORTED = ldapSsha('site-new-pass')

/** The site's password column as leaked: hash strings, bare digests, and one line that is no hash. */
const COLUMN_DUMP = [
  { externalId: 'hs-kept', passwordHash: MD5_CRYPT.hash },
  { externalId: 'hs-login', passwordHash: SHA512_CRYPT.hash },
  { externalId: 'hs-changed', passwordHash: CHANGED },
  { externalId: 'hs-reimported', passwordHash: REIMPORTED },
  { externalId: 'dg-bare', passwordSha1: sha1('patient-pw-1').toString('hex') },
  { externalId: 'dg-wrapped', passwordSha1: sha1('patient-pw-2').toString('hex').toUpperCase() },
  { externalId: 'dg-salted', passwordSha1: sha1('patient-pw-3').toString('hex') },
  { externalId: 'dg-ntlm', passwordNtlm: ntlmHex('patient-pw-5') },
  { externalId: 'dg-md5', passwordMd5: md5Hex('patient-pw-6') },
  { externalId: 'dg-reimported', passwordSha1: sha1('job-pw-4').toString('hex') },
  { externalId: 'dg-rechanged', passwordSha1: sha1('job-pw-9').toString('hex') },
  { externalId: 'dg-job', passwordSha1: sha1('job-pw-8').toString('hex') },
  { externalId: 'dg-job-miss', passwordSha1: sha1('not-job-pw-7').toString('hex') },
  { externalId: 'nobody', passwordHash: 'not a hash' },
]

/**
 * Sites leak their own password column, not only plaintext lists: hash strings and bare
 * digests. Each kind of leak matched through the public surface, and the non-matches: a changed
 * password, a salted hash a digest cannot open.
 */
describe('leaked hashes, not only leaked passwords', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pwguard-leaked-hashes-'))
  const t = createTestApp({ dbFile: join(dir, 'pwguard.db') })
  let admin: Record<string, string>
  let incidentId = ''
  const post = (path: string, body: unknown) =>
    t.app.request(path, jsonRequest('POST', body, admin))
  const importAccounts = (records: unknown[]) =>
    t.app.request('/v1/accounts/import', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/x-ndjson' },
      body: ndjson(records),
    })

  beforeAll(async () => {
    admin = await t.keyFor('clinic', ['admin', 'login', 'check'])
    await importAccounts([
      { externalId: 'hs-kept', hash: MD5_CRYPT.hash },
      { externalId: 'hs-login', hash: SHA512_CRYPT.hash },
      { externalId: 'hs-changed', hash: CHANGED },
      { externalId: 'hs-reimported', hash: ldapSsha('site-old-pass') },
      {
        externalId: 'dg-bare',
        hash: sha1('patient-pw-1').toString('hex'),
        hint: { algorithm: 'sha1' },
      },
      { externalId: 'dg-wrapped', hash: ldapSha('patient-pw-2') },
      { externalId: 'dg-salted', hash: SALTED },
      { externalId: 'dg-ntlm', hash: ntlmHex('patient-pw-5'), hint: { algorithm: 'ntlm' } },
      { externalId: 'dg-md5', hash: md5Hex('patient-pw-6') },
      { externalId: 'dg-reimported', hash: ldapSha('job-old') },
      { externalId: 'dg-rechanged', hash: ldapSha('job-old-3') },
      { externalId: 'dg-job', hash: ldapSha('job-pw-8') },
      { externalId: 'dg-job-miss', hash: ldapSha('job-old-2') },
    ])
    // An account imported before import fingerprints were kept: nothing can vouch for its
    // hash, so once wrapped only the argon2 digest job can tell.
    await t.driver.db.run(
      sql`UPDATE accounts SET import_fingerprint = NULL WHERE external_id = 'dg-job'`,
    )
    // A login rehashes to argon2id; a change by the current password replaces it.
    expect(
      (await post('/v1/login', { externalId: 'hs-login', password: SHA512_CRYPT.password })).status,
    ).toBe(200)
    for (const [id, old] of [
      ['hs-changed', 'old-pass-1'],
      ['hs-reimported', 'site-old-pass'],
      ['dg-reimported', 'job-old'],
      ['dg-rechanged', 'job-old-3'],
      ['dg-job-miss', 'job-old-2'],
    ]) {
      const res = await post(`/v1/accounts/${id}/password`, {
        currentPassword: old,
        newPassword: STRONG_PASSWORD,
      })
      expect(res.status).toBe(204)
    }
    // The site re-imports its newer hashes after those changes: the fingerprint follows the
    // import, so it vouches for them again, until the next change (dg-rechanged).
    t.clock.advance(1_000)
    await importAccounts([
      { externalId: 'hs-reimported', hash: REIMPORTED },
      { externalId: 'dg-reimported', hash: ldapSha('job-pw-4') },
      { externalId: 'dg-rechanged', hash: ldapSha('job-pw-9') },
      { externalId: 'dg-job-miss', hash: ldapSha('job-pw-7') },
    ])
    t.clock.advance(1_000)
    // A login rehashes the re-imported hash: only the fingerprint still knows the string.
    const relogin = await post('/v1/login', {
      externalId: 'hs-reimported',
      password: 'site-new-pass',
    })
    expect(relogin.status).toBe(200)
    const rechange = await post('/v1/accounts/dg-rechanged/password', {
      currentPassword: 'job-pw-9',
      newPassword: `${STRONG_PASSWORD}-2`,
    })
    expect(rechange.status).toBe(204)
    const wrap = await post('/v1/admin/migration/wrap', { maxAccounts: 100 })
    expect(wrap.status).toBe(200)
    const created = await post('/v1/incidents', {
      name: 'column dump',
      detectedAt: new Date(t.clock.now()).toISOString(),
      dataClasses: ['password'],
    })
    incidentId = ((await created.json()) as { id: string }).id
  })

  it('starts from wrapped and upgraded accounts', async () => {
    const account = async (id: string) =>
      (await (await t.app.request(`/v1/accounts/${id}`, { headers: admin })).json()) as {
        scheme: string
      }
    expect((await account('dg-wrapped')).scheme).toBe('wrapped:ldap_sha1')
    expect((await account('dg-job')).scheme).toBe('wrapped:ldap_sha1')
    expect((await account('dg-reimported')).scheme).toBe('wrapped:ldap_sha1')
    expect((await account('hs-login')).scheme).toBe('argon2id')
    expect((await account('hs-reimported')).scheme).toBe('argon2id')
  })

  describe('a dump of the column, ingested', () => {
    let ingest: unknown
    let job: Record<string, unknown> = {}
    beforeAll(async () => {
      const res = await t.app.request(`/v1/incidents/${incidentId}/exposures`, {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/x-ndjson' },
        body: ndjson(COLUMN_DUMP),
      })
      ingest = await res.json()
      for (let i = 0; i < 100 && job.state !== 'done'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50))
        job = (await (
          await t.app.request(`/v1/incidents/${incidentId}/digest-job`, { headers: admin })
        ).json()) as Record<string, unknown>
      }
    })

    it('matches hash strings and digests at once, and rejects what is no hash', () => {
      expect(ingest).toMatchObject({
        records: 13,
        matched: 13,
        passwordMatches: 8,
        passwordMatchesBy: { plaintext: 0, hashString: 3, digest: 5 },
        digestCandidates: 2,
        rejected: [{ line: 14, code: 'unrecognized_hash' }],
      })
    })

    it('leaves the wrapped accounts to the digest job, which finds one of its two', () => {
      expect(job).toMatchObject({ state: 'done', candidates: 2, checked: 2, matched: 1 })
      expect(job).toMatchObject({ pending: 0 })
    })

    it('force-resets each kind of leak, and not a changed password or a salted hash', async () => {
      const reset = await post(`/v1/incidents/${incidentId}/force-reset`, {
        scope: 'password_match',
      })
      const { tokens } = (await reset.json()) as { tokens: { externalId: string }[] }
      expect(tokens.map((token) => token.externalId).sort()).toEqual(
        [
          'dg-bare',
          'dg-job',
          'dg-md5',
          'dg-ntlm',
          'dg-reimported',
          'dg-wrapped',
          'hs-kept',
          'hs-login',
          'hs-reimported',
        ].sort(),
      )
    })

    it('reports the exposed current passwords by the form they leaked in', async () => {
      const report = await t.app.request(`/v1/incidents/${incidentId}/report`, { headers: admin })
      expect(await report.json()).toMatchObject({
        dataSubjects: {
          accountsWithCurrentPasswordExposed: 9,
          currentPasswordExposedAs: { plaintext: 0, hashString: 3, digest: 6 },
          currentPasswordChecksPending: 0,
        },
      })
    })
  })

  it('keeps nothing new at rest: no leaked hash string or digest in the database files', () => {
    t.close()
    const leaked = [
      MD5_CRYPT.hash.slice(12),
      SHA512_CRYPT.hash.slice(20, 60),
      sha1('patient-pw-1').toString('hex'),
      sha1('job-pw-4').toString('hex'),
      ntlmHex('patient-pw-5'),
    ]
    for (const name of readdirSync(dir).filter((entry) => entry.startsWith('pwguard.db'))) {
      const bytes = readFileSync(join(dir, name)).toString('latin1').toLowerCase()
      for (const value of leaked) expect(bytes).not.toContain(value.toLowerCase())
    }
  })
})

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MD5_CRYPT, ndjson, sha1Upper } from '../support/accounts-fixtures.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'

type Report = {
  records: number
  matched: number
  unmatched: number
  passwordMatches: number
  passwordsAdded: number
  duplicates: number
  rejected: { line: number; code: string; detail: string }[]
  rejectedCount: number
}

describe('POST /v1/incidents/{id}/exposures', () => {
  let t: ReturnType<typeof createTestApp>
  let admin: Record<string, string>
  let incidentId: string
  beforeEach(async () => {
    t = createTestApp()
    admin = await t.keyFor('clinic', ['admin', 'login', 'check'])
    const accounts = [
      { externalId: 'p-1', email: 'An@Example.be', hash: MD5_CRYPT.hash },
      { externalId: 'p-2', email: 'bert@example.be', hash: MD5_CRYPT.hash },
    ]
    const imported = await t.app.request('/v1/accounts/import', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/x-ndjson' },
      body: ndjson(accounts),
    })
    expect(imported.status).toBe(200)
    const created = await t.app.request(
      '/v1/incidents',
      jsonRequest(
        'POST',
        { name: 'leak', detectedAt: '2026-01-01T00:00:00Z', dataClasses: ['email', 'password'] },
        admin,
      ),
    )
    incidentId = ((await created.json()) as { id: string }).id
  })
  afterEach(() => t.close())

  const ingest = async (body: string, type = 'application/x-ndjson', id = incidentId) => {
    const res = await t.app.request(`/v1/incidents/${id}/exposures`, {
      method: 'POST',
      headers: { ...admin, 'content-type': type },
      body,
    })
    expect(res.status).toBe(200)
    return (await res.json()) as Report
  }

  it('matches by externalId and e-mail, verifies passwords, rejects bad lines by number', async () => {
    const body = [
      JSON.stringify({ externalId: 'p-1', password: MD5_CRYPT.password }),
      '{"email": ',
      JSON.stringify({ email: ' an@EXAMPLE.be ', password: 'an old password of hers' }),
      '',
      JSON.stringify({ email: 'bert@example.be', passwordSha1: sha1Upper('bert-secret-pw') }),
      JSON.stringify({ email: 'nobody@example.be', password: 'unmatched password 9' }),
      JSON.stringify({ passwordSha1: 'xyz' }),
      JSON.stringify({}),
      JSON.stringify({ password: 'x'.repeat(1025) }),
      '[1,2]',
    ].join('\n')
    const report = await ingest(body)
    expect(report).toMatchObject({
      records: 4,
      matched: 3,
      unmatched: 1,
      passwordMatches: 1,
      passwordsAdded: 4,
      duplicates: 0,
      rejectedCount: 5,
    })
    expect(report.rejected.map((r) => [r.line, r.code])).toEqual([
      [2, 'invalid_json'],
      [7, 'invalid_record'],
      [8, 'empty_record'],
      [9, 'password_too_long'],
      [10, 'invalid_record'],
    ])
    const account = await t.app.request('/v1/accounts/p-1', { headers: admin })
    expect(((await account.json()) as { exposures: unknown[] }).exposures).toEqual([
      { incidentId, passwordMatch: true },
    ])
  })

  it('is idempotent: the same list again changes nothing', async () => {
    const body = ndjson([
      { externalId: 'p-1', password: MD5_CRYPT.password },
      { email: 'bert@example.be', password: 'bert-old-password-1' },
      { email: 'bert@example.be', password: 'bert-old-password-1' },
    ])
    const first = await ingest(body)
    expect(first).toMatchObject({ records: 3, matched: 2, duplicates: 1, passwordsAdded: 2 })
    const again = await ingest(body)
    expect(again).toMatchObject({
      records: 3,
      matched: 0,
      unmatched: 0,
      passwordMatches: 0,
      passwordsAdded: 0,
      duplicates: 3,
    })
    const check = await t.app.request(
      '/v1/passwords/check',
      jsonRequest('POST', { password: 'bert-old-password-1' }, admin),
    )
    // Counted once per distinct record, not once per upload.
    expect(await check.json()).toMatchObject({ breach: { breached: true, count: 1 } })
  })

  it('reads CSV with a header and RFC 4180 quoting, numbering rows by their first line', async () => {
    const csv = [
      'ExternalId,E-mail,Password,Notes',
      'p-1,,"correct horse",plain',
      ',bert@example.be,"multi',
      'line, ""quoted"" pw",x',
      'p-9,,broken"quote,x',
      'too,few',
      ',,"pw, with comma",y',
    ].join('\r\n')
    const report = await ingest(csv, 'text/csv')
    expect(report).toMatchObject({ records: 3, matched: 2, unmatched: 1, passwordMatches: 1 })
    expect(report.rejected.map((r) => [r.line, r.code])).toEqual([
      [5, 'invalid_csv'],
      [6, 'invalid_csv'],
    ])
    const check = await t.app.request(
      '/v1/passwords/check',
      jsonRequest('POST', { password: 'multi\nline, "quoted" pw' }, admin),
    )
    expect(((await check.json()) as { breach: { breached: boolean } }).breach.breached).toBe(true)
  })

  it('refuses a CSV header with no known column and other media types', async () => {
    const res = await t.app.request(`/v1/incidents/${incidentId}/exposures`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'text/csv' },
      body: 'a,b\n1,2\n',
    })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { code: string }).code).toBe('invalid_csv_header')
    const json = await t.app.request(`/v1/incidents/${incidentId}/exposures`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: '{}',
    })
    expect(json.status).toBe(415)
  })

  it("makes exposed passwords breached at once for this tenant only: never another tenant's, never /range", async () => {
    const exposed = 'Zebra-Lantern-Quietly-Marches-77'
    const before = await t.app.request(
      '/v1/passwords/check',
      jsonRequest('POST', { password: exposed }, admin),
    )
    expect(((await before.json()) as { breach: { breached: boolean } }).breach.breached).toBe(false)
    await ingest(ndjson([{ email: 'ghost@example.be', password: exposed }]))
    const check = async (key: Record<string, string>) =>
      (
        await t.app.request('/v1/passwords/check', jsonRequest('POST', { password: exposed }, key))
      ).json()
    expect(await check(admin)).toMatchObject({
      acceptable: false,
      breach: { breached: true, count: 1 },
    })
    const signup = await t.app.request(
      '/v1/accounts',
      jsonRequest('POST', { externalId: 'new-user', password: exposed }, admin),
    )
    expect(signup.status).toBe(422)
    // Another tenant: one tenant's upload must not poison the corpus every tenant shares.
    const other = await t.keyFor('another-site', ['login', 'check'])
    expect(await check(other)).toMatchObject({ breach: { breached: false, count: 0 } })
    const otherSignup = await t.app.request(
      '/v1/accounts',
      jsonRequest('POST', { externalId: 'new-user', password: exposed }, other),
    )
    expect(otherSignup.status).toBe(201)
    const login = await t.app.request(
      '/v1/login',
      jsonRequest('POST', { externalId: 'new-user', password: exposed }, other),
    )
    expect(await login.json()).toMatchObject({ ok: true, mustReset: false })
    const sha1 = sha1Upper(exposed)
    const range = await t.app.request(`/range/${sha1.slice(0, 5)}`)
    expect((await range.text()).split('\r\n')).not.toContain(`${sha1.slice(5)}:1`)
  })
})

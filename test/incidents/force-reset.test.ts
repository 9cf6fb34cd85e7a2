import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MD5_CRYPT, STRONG_PASSWORD, ndjson } from '../support/accounts-fixtures.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'
import { createIncident, importAccounts } from '../support/admin-requests.js'

describe('forced resets', () => {
  let t: ReturnType<typeof createTestApp>
  let admin: Record<string, string>
  let site: Record<string, string>
  let incidentId: string
  beforeEach(async () => {
    t = createTestApp()
    admin = await t.keyFor('clinic', ['admin'])
    site = await t.keyFor('clinic', ['login'])
    const accounts = ['a', 'b', 'c', 'd'].map((id) => ({ externalId: id, hash: MD5_CRYPT.hash }))
    await importAccounts(t, admin, accounts)
    incidentId = await createIncident(t, admin)
    // a: current password exposed; b: an old one; c: e-mail-less record naming only the id.
    await t.app.request(`/v1/incidents/${incidentId}/exposures`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/x-ndjson' },
      body: ndjson([
        { externalId: 'a', password: MD5_CRYPT.password },
        { externalId: 'b', password: 'an old password of b' },
        { externalId: 'c' },
      ]),
    })
  })
  afterEach(() => t.close())

  const force = async (scope: string) => {
    const res = await t.app.request(
      `/v1/incidents/${incidentId}/force-reset`,
      jsonRequest('POST', { scope }, admin),
    )
    expect(res.status).toBe(200)
    return (await res.json()) as {
      accounts: number
      reason: string
      tokens: { externalId: string; token: string; expiresAt: string }[]
    }
  }
  const account = async (id: string) =>
    (await (await t.app.request(`/v1/accounts/${id}`, { headers: admin })).json()) as {
      mustReset: boolean
      resetReasons: string[]
    }

  it('scopes: password_match ⊂ exposed ⊂ all, each with its stable reason', async () => {
    const matched = await force('password_match')
    expect(matched.tokens.map((token) => token.externalId)).toEqual(['a'])
    expect(matched.tokens[0]?.expiresAt).toBe('2026-01-02T00:00:00.000Z')
    const exposed = await force('exposed')
    expect(exposed.tokens.map((token) => token.externalId).sort()).toEqual(['a', 'b', 'c'])
    expect((await account('a')).resetReasons.sort()).toEqual([
      `incident:${incidentId}:exposed`,
      `incident:${incidentId}:password_match`,
    ])
    expect(await account('d')).toMatchObject({ mustReset: false, resetReasons: [] })
    const all = await force('all')
    expect(all.accounts).toBe(4)
    expect(await account('d')).toMatchObject({
      mustReset: true,
      resetReasons: [`incident:${incidentId}:all`],
    })
  })

  it('issues each account one token per scope, however often or concurrently it is forced', async () => {
    const [first, second] = await Promise.all([force('exposed'), force('exposed')])
    const issued = [...first!.tokens, ...second!.tokens].map((token) => token.externalId)
    expect(issued.sort()).toEqual(['a', 'b', 'c'])
    expect(first!.accounts + second!.accounts).toBe(3)
    expect((await force('exposed')).tokens).toEqual([])
    const report = await t.app.request(`/v1/incidents/${incidentId}/report`, { headers: admin })
    expect(await report.json()).toMatchObject({ measures: { resetsForced: 3 } })
    // Once the token is spent (the password changed), a new forced reset reaches the account.
    const token = [...first!.tokens, ...second!.tokens].find((x) => x.externalId === 'b')!.token
    const change = await t.app.request(
      '/v1/accounts/b/password',
      jsonRequest('POST', { resetToken: token, newPassword: STRONG_PASSWORD }, site),
    )
    expect(change.status).toBe(204)
    expect((await force('exposed')).tokens.map((x) => x.externalId)).toEqual(['b'])
  })

  it('refuses an unknown scope', async () => {
    const res = await t.app.request(
      `/v1/incidents/${incidentId}/force-reset`,
      jsonRequest('POST', { scope: 'everyone' }, admin),
    )
    expect(res.status).toBe(400)
  })

  it('POST /v1/accounts/{id}/reset returns a single-use token that expires', async () => {
    const res = await t.app.request('/v1/accounts/d/reset', jsonRequest('POST', {}, admin))
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const { token, reason } = (await res.json()) as { token: string; reason: string }
    expect(reason).toBe('admin_reset')
    const login = await t.app.request(
      '/v1/login',
      jsonRequest('POST', { externalId: 'd', password: MD5_CRYPT.password }, site),
    )
    // Its password was exposed by account a's record, so login flags it as breached too.
    expect(await login.json()).toMatchObject({
      mustReset: true,
      reasons: ['admin_reset', 'password_breached'],
    })
    const use = () =>
      t.app.request(
        '/v1/accounts/d/password',
        jsonRequest('POST', { resetToken: token, newPassword: STRONG_PASSWORD }, site),
      )
    t.clock.advance(24 * 60 * 60_000 + 1)
    expect((await use()).status).toBe(401)
    const fresh = await t.app.request(
      '/v1/accounts/d/reset',
      jsonRequest('POST', { reason: 'support_ticket_4411' }, admin),
    )
    const second = (await fresh.json()) as { token: string; reason: string }
    expect(second.reason).toBe('support_ticket_4411')
    expect((await account('d')).resetReasons).toEqual(
      expect.arrayContaining(['admin_reset', 'support_ticket_4411']),
    )
    const change = await t.app.request(
      '/v1/accounts/d/password',
      jsonRequest('POST', { resetToken: second.token, newPassword: STRONG_PASSWORD }, site),
    )
    expect(change.status).toBe(204)
    expect(await account('d')).toMatchObject({ mustReset: false, resetReasons: [] })
  })

  it('account reset: 404 for unknown or another tenant’s account, 403 without admin, 400 bad reason', async () => {
    const other = await t.keyFor('other', ['admin'])
    expect(
      (await t.app.request('/v1/accounts/d/reset', jsonRequest('POST', {}, other))).status,
    ).toBe(404)
    expect(
      (await t.app.request('/v1/accounts/zz/reset', jsonRequest('POST', {}, admin))).status,
    ).toBe(404)
    expect(
      (await t.app.request('/v1/accounts/d/reset', jsonRequest('POST', {}, site))).status,
    ).toBe(403)
    const bad = await t.app.request(
      '/v1/accounts/d/reset',
      jsonRequest('POST', { reason: 'Has Spaces <b>' }, admin),
    )
    expect(bad.status).toBe(400)
  })
})

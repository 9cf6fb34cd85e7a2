import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MD5_CRYPT, STRONG_PASSWORD } from '../support/accounts-fixtures.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'
import { createIncident, importAccounts, ingestExposures } from '../support/admin-requests.js'

/**
 * Sites may key accounts by e-mail address. The audit log refuses e-mail
 * addresses, and used to do so after the reset had been written: 500, token lost. Now each
 * audited account route succeeds in full and the audit log holds a pseudonym, not the address.
 */
const EMAIL_ID = 'an.patient@example.be'
const PATH_ID = encodeURIComponent(EMAIL_ID)

describe('e-mail-shaped externalIds on audited routes', () => {
  let t: ReturnType<typeof createTestApp>
  let admin: Record<string, string>
  let site: Record<string, string>
  beforeEach(async () => {
    t = createTestApp()
    admin = await t.keyFor('clinic', ['admin'])
    site = await t.keyFor('clinic', ['login'])
    const imported = await importAccounts(t, admin, [
      { externalId: EMAIL_ID, hash: MD5_CRYPT.hash },
    ])
    expect(imported.status).toBe(200)
  })
  afterEach(() => t.close())

  const auditText = async () =>
    JSON.stringify(await (await t.app.request('/v1/audit?limit=100', { headers: admin })).json())

  const resetWith = async (token: string) =>
    t.app.request(
      `/v1/accounts/${PATH_ID}/password`,
      jsonRequest('POST', { resetToken: token, newPassword: STRONG_PASSWORD }, site),
    )

  it('forces a reset, returns a token that works, and audits a pseudonym', async () => {
    const res = await t.app.request(`/v1/accounts/${PATH_ID}/reset`, jsonRequest('POST', {}, admin))
    expect(res.status).toBe(200)
    const { token, externalId } = (await res.json()) as { token: string; externalId: string }
    expect(externalId).toBe(EMAIL_ID)
    expect((await resetWith(token)).status).toBe(204)
    const audit = await auditText()
    expect(audit).toContain('account.reset_forced')
    expect(audit).toContain('account.password_changed')
    expect(audit).toMatch(/acct~[0-9a-f]{24}/)
    expect(audit).not.toContain(EMAIL_ID)
  })

  it('forces resets for an incident covering such an account', async () => {
    const id = await createIncident(t, admin, { name: 'x' })
    await ingestExposures(t, admin, id, [{ externalId: EMAIL_ID, password: MD5_CRYPT.password }])
    const forced = await t.app.request(
      `/v1/incidents/${id}/force-reset`,
      jsonRequest('POST', { scope: 'password_match' }, admin),
    )
    expect(forced.status).toBe(200)
    const { tokens } = (await forced.json()) as { tokens: { externalId: string; token: string }[] }
    expect(tokens.map((issued) => issued.externalId)).toEqual([EMAIL_ID])
    expect((await resetWith(tokens[0]!.token)).status).toBe(204)
    expect(await auditText()).not.toContain(EMAIL_ID)
  })

  it('changes the password with the current one and audits a pseudonym', async () => {
    const res = await t.app.request(
      `/v1/accounts/${PATH_ID}/password`,
      jsonRequest(
        'POST',
        { currentPassword: MD5_CRYPT.password, newPassword: STRONG_PASSWORD },
        site,
      ),
    )
    expect(res.status).toBe(204)
    const login = await t.app.request(
      '/v1/login',
      jsonRequest('POST', { externalId: EMAIL_ID, password: STRONG_PASSWORD }, site),
    )
    expect(login.status).toBe(200)
    expect(await auditText()).not.toContain(EMAIL_ID)
  })
})

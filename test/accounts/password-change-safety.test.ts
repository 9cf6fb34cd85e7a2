import { sql } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createMemoryCorpus } from '../../src/breach/memory-corpus.js'
import { MD5_CRYPT, STRONG_PASSWORD, sha1Upper } from '../support/accounts-fixtures.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'
import { createIncident, importAccounts, ingestExposures } from '../support/admin-requests.js'

/**
 * A leaked password must not let the thief keep the account: a forced reset refuses the current
 * password, a change by current password is throttled like a login, reset tokens are single-use.
 */
describe('password change after a breach', () => {
  let t: ReturnType<typeof createTestApp>
  let admin: Record<string, string>
  let site: Record<string, string>
  const NEXT = 'amber-lighthouse-whistles-softly-92'
  beforeEach(async () => {
    t = createTestApp({
      corpus: createMemoryCorpus([{ sha1: sha1Upper(MD5_CRYPT.password), count: 3 }]),
    })
    admin = await t.keyFor('clinic', ['admin'])
    site = await t.keyFor('clinic', ['login'])
    await importAccounts(
      t,
      admin,
      ['a', 'b'].map((id) => ({ externalId: id, hash: MD5_CRYPT.hash })),
    )
  })
  afterEach(() => t.close())

  const change = (id: string, body: Record<string, unknown>) =>
    t.app.request(`/v1/accounts/${id}/password`, jsonRequest('POST', body, site))
  const login = (id: string, password: string) =>
    t.app.request('/v1/login', jsonRequest('POST', { externalId: id, password }, site))
  const view = async (id: string) =>
    (await (await t.app.request(`/v1/accounts/${id}`, { headers: admin })).json()) as {
      mustReset: boolean
      resetReasons: string[]
    }
  const resetToken = async (id: string) => {
    const res = await t.app.request(`/v1/accounts/${id}/reset`, jsonRequest('POST', {}, admin))
    return ((await res.json()) as { token: string }).token
  }
  const code = async (res: Response) => ((await res.json()) as { code: string }).code

  it('an incident force-reset cannot be cleared with the leaked password, only with the token', async () => {
    const id = await createIncident(t, admin)
    await ingestExposures(t, admin, id, [{ externalId: 'a', password: MD5_CRYPT.password }])
    const forced = await t.app.request(
      `/v1/incidents/${id}/force-reset`,
      jsonRequest('POST', { scope: 'password_match' }, admin),
    )
    const { tokens } = (await forced.json()) as { tokens: { token: string }[] }
    const attempt = await change('a', { currentPassword: MD5_CRYPT.password, newPassword: NEXT })
    expect(attempt.status).toBe(403)
    expect(await code(attempt)).toBe('reset_required')
    expect((await view('a')).resetReasons).toContain(`incident:${id}:password_match`)
    // Login still verifies but tells the site not to let the user in.
    const answer = await login('a', MD5_CRYPT.password)
    expect(answer.status).toBe(200)
    expect(await answer.json()).toMatchObject({ ok: true, mustReset: true })
    expect((await login('a', NEXT)).status).toBe(401)
    const reset = await change('a', { resetToken: tokens[0]!.token, newPassword: NEXT })
    expect(reset.status).toBe(204)
    expect(await view('a')).toMatchObject({ mustReset: false, resetReasons: [] })
    expect(await (await login('a', NEXT)).json()).toMatchObject({ ok: true, mustReset: false })
  })

  it('password_breached and admin resets also refuse the current password', async () => {
    // The login finds the password in the corpus and flags it.
    expect(await (await login('a', MD5_CRYPT.password)).json()).toMatchObject({
      mustReset: true,
      reasons: ['password_breached'],
    })
    const breached = await change('a', { currentPassword: MD5_CRYPT.password, newPassword: NEXT })
    expect(breached.status).toBe(403)
    expect(await code(breached)).toBe('reset_required')
    const token = await resetToken('b')
    expect((await change('b', { resetToken: token, newPassword: NEXT })).status).toBe(204)
    expect(
      (await change('b', { currentPassword: NEXT, newPassword: STRONG_PASSWORD })).status,
    ).toBe(204)
    await resetToken('b')
    const forced = await change('b', { currentPassword: STRONG_PASSWORD, newPassword: NEXT })
    expect(forced.status).toBe(403)
    expect((await view('b')).resetReasons).toEqual(['admin_reset'])
  })

  it('a wrong current password answers 401 whatever the new password, as for an unknown account', async () => {
    const weak = { currentPassword: 'not the password at all', newPassword: 'short' }
    const known = await change('a', weak)
    const unknown = await change('nobody', weak)
    expect(known.status).toBe(401)
    expect(unknown.status).toBe(401)
    const problem = await known.json()
    expect(problem).toMatchObject({ code: 'invalid_credentials' })
    expect(problem).toEqual(await unknown.json())
  })

  it('throttles changes by current password with the login counters', async () => {
    for (let i = 0; i < 4; i++)
      expect((await change('a', { currentPassword: `guess ${i}`, newPassword: NEXT })).status).toBe(
        401,
      )
    expect((await login('a', 'guess 5')).status).toBe(401)
    const blocked = await change('a', { currentPassword: MD5_CRYPT.password, newPassword: NEXT })
    expect(blocked.status).toBe(429)
    expect(blocked.headers.get('retry-after')).toBe('1')
    expect((await login('a', MD5_CRYPT.password)).status).toBe(429)
    // Unknown accounts are throttled the same way (no existence leak through 429s).
    for (let i = 0; i < 5; i++)
      await change('ghost', { currentPassword: `g ${i}`, newPassword: NEXT })
    expect((await change('ghost', { currentPassword: 'g', newPassword: NEXT })).status).toBe(429)
  })

  it('a password change revokes every outstanding reset token', async () => {
    const first = await resetToken('a')
    const second = await resetToken('a')
    expect((await change('a', { resetToken: first, newPassword: NEXT })).status).toBe(204)
    const reused = await change('a', { resetToken: second, newPassword: STRONG_PASSWORD })
    expect(reused.status).toBe(401)
    const live = await t.driver.db.all<{ n: number }>(
      sql`SELECT count(*) AS n FROM reset_tokens WHERE external_id = 'a' AND used_at IS NULL`,
    )
    expect(live[0]?.n).toBe(0)
  })

  it('a refused new password does not spend the token; concurrent uses set one password', async () => {
    const token = await resetToken('a')
    expect((await change('a', { resetToken: token, newPassword: 'short' })).status).toBe(422)
    const results = await Promise.all(
      [NEXT, STRONG_PASSWORD].map((newPassword) => change('a', { resetToken: token, newPassword })),
    )
    expect(results.map((res) => res.status).sort()).toEqual([204, 401])
    const winner = results[0]!.status === 204 ? NEXT : STRONG_PASSWORD
    const loser = winner === NEXT ? STRONG_PASSWORD : NEXT
    expect((await login('a', winner)).status).toBe(200)
    expect((await login('a', loser)).status).toBe(401)
  })
})

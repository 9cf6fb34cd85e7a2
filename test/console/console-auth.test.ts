import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditLog, consoleSessions, consoleUsers, webhookOutbox } from '../../src/store/schema.js'
import { createTestApp } from '../support/test-app.js'
import {
  CONSOLE_PASSWORD,
  consoleUserFor,
  csrfFrom,
  formPost,
  sessionCookie,
} from './console-support.js'

describe('console sign-in, sessions and CSRF', () => {
  const t = createTestApp()
  let alice: Awaited<ReturnType<typeof consoleUserFor>>
  let bob: Awaited<ReturnType<typeof consoleUserFor>>
  let incidentOfB: string

  const login = (tenant: string, email: string, code: string, headers = {}) =>
    t.app.request(
      '/console/login',
      formPost({ tenant, email, password: CONSOLE_PASSWORD, code }, headers),
    )
  /** Signs in and returns the cookie header and the page's CSRF token. */
  const signIn = async (user: typeof alice, tenant: string, email: string) => {
    t.clock.advance(31_000)
    const res = await login(tenant, email, user.code(t.clock.now()))
    expect(res.status).toBe(303)
    const cookie = sessionCookie(res)!
    const page = await t.app.request('/console', { headers: { cookie } })
    return { cookie, csrf: csrfFrom(await page.text()) }
  }

  beforeAll(async () => {
    alice = await consoleUserFor(t, 'clinic-a', 'alice@clinic-a.example')
    bob = await consoleUserFor(t, 'clinic-b', 'bob@clinic-b.example')
    const admin = await t.keyFor('clinic-b', ['admin'])
    const created = await t.app.request('/v1/incidents', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'b leak',
        detectedAt: '2026-01-01T00:00:00Z',
        dataClasses: ['email'],
      }),
    })
    incidentOfB = ((await created.json()) as { id: string }).id
  })
  afterAll(() => t.close())

  it('stores no e-mail, a hashed password and a sealed TOTP secret', async () => {
    const [row] = await t.driver.db.select().from(consoleUsers).where(eq(consoleUsers.id, alice.id))
    expect(JSON.stringify(row)).not.toContain('alice')
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/)
    expect(row!.sealedTotpSecret).not.toContain(alice.secret)
  })

  it('signs in with password and TOTP; the cookie is HttpOnly, SameSite=Strict', async () => {
    const res = await login('clinic-a', 'Alice@Clinic-A.example', alice.code(t.clock.now()))
    expect(res.status).toBe(303)
    const header = res.headers.getSetCookie().join('\n')
    expect(header).toMatch(/HttpOnly/)
    expect(header).toMatch(/SameSite=Strict/)
    const page = await t.app.request('/console', { headers: { cookie: sessionCookie(res)! } })
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
    // The table holds a hash of the id, never the cookie value itself.
    const id = sessionCookie(res)!.split('=')[1]!
    const rows = await t.driver.db.select().from(consoleSessions)
    expect(rows.some((row) => row.idHash === id)).toBe(false)
  })

  it('sets a Secure __Host- cookie anywhere but loopback', async () => {
    t.clock.advance(31_000)
    const res = await t.app.request('https://console.clinic-a.example/console/login', {
      ...formPost({
        tenant: 'clinic-a',
        email: 'alice@clinic-a.example',
        password: CONSOLE_PASSWORD,
        code: alice.code(t.clock.now()),
      }),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://console.clinic-a.example',
      },
    })
    expect(res.status).toBe(303)
    expect(res.headers.getSetCookie().join('\n')).toMatch(
      /^__Host-pwguard_console=.*Path=\/; HttpOnly; Secure; SameSite=Strict/m,
    )
  })

  it('refuses a replayed TOTP code and a wrong code', async () => {
    t.clock.advance(31_000)
    const code = alice.code(t.clock.now())
    expect((await login('clinic-a', 'alice@clinic-a.example', code)).status).toBe(303)
    expect((await login('clinic-a', 'alice@clinic-a.example', code)).status).toBe(401)
    expect((await login('clinic-a', 'alice@clinic-a.example', '000000')).status).toBe(401)
  })

  it('refuses a state change without the CSRF token or from another origin', async () => {
    const { cookie, csrf } = await signIn(alice, 'clinic-a', 'alice@clinic-a.example')
    const fields = { name: 'x', detectedAt: '2026-01-01T00:00', dataClasses: 'email' }
    const noToken = await t.app.request('/console/incidents', formPost(fields, { cookie }))
    expect(noToken.status).toBe(403)
    const wrong = await t.app.request(
      '/console/incidents',
      formPost({ ...fields, _csrf: '0'.repeat(64) }, { cookie }),
    )
    expect(wrong.status).toBe(403)
    const crossSite = await t.app.request(
      '/console/incidents',
      formPost({ ...fields, _csrf: csrf }, { cookie, origin: 'https://evil.example' }),
    )
    expect(crossSite.status).toBe(403)
    const ok = await t.app.request(
      '/console/incidents',
      formPost({ ...fields, _csrf: csrf }, { cookie }),
    )
    expect(ok.status).toBe(303)
  })

  it('never adopts a session id the browser brought (fixation)', async () => {
    const planted = 'pwguard_console=' + 'A'.repeat(43)
    t.clock.advance(31_000)
    const res = await login('clinic-a', 'alice@clinic-a.example', alice.code(t.clock.now()), {
      cookie: planted,
    })
    const issued = sessionCookie(res)!
    expect(issued).not.toBe(planted)
    const withPlanted = await t.app.request('/console', { headers: { cookie: planted } })
    expect(withPlanted.status).toBe(303)
    expect(withPlanted.headers.get('location')).toBe('/console/login')
  })

  it('rotates the session at every sign-in and ends it at logout', async () => {
    const first = await signIn(alice, 'clinic-a', 'alice@clinic-a.example')
    const second = await signIn(alice, 'clinic-a', 'alice@clinic-a.example')
    expect(second.cookie).not.toBe(first.cookie)
    const out = await t.app.request(
      '/console/logout',
      formPost({ _csrf: second.csrf }, { cookie: second.cookie }),
    )
    expect(out.status).toBe(303)
    const after = await t.app.request('/console', { headers: { cookie: second.cookie } })
    expect(after.headers.get('location')).toBe('/console/login')
  })

  it('expires an idle session', async () => {
    const { cookie } = await signIn(alice, 'clinic-a', 'alice@clinic-a.example')
    t.clock.advance(31 * 60_000)
    const res = await t.app.request('/console', { headers: { cookie } })
    expect(res.headers.get('location')).toBe('/console/login')
  })

  it('throttles wrong passwords like /v1/login, and answers unknown users the same', async () => {
    const wrong = () =>
      t.app.request(
        '/console/login',
        formPost({
          tenant: 'clinic-b',
          email: 'bob@clinic-b.example',
          password: 'not-the-password-at-all',
          code: bob.code(t.clock.now()),
        }),
      )
    for (let i = 0; i < 5; i++) expect((await wrong()).status).toBe(401)
    const throttled = await wrong()
    expect(throttled.status).toBe(429)
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0)
    // Even the right password waits out the backoff.
    t.clock.advance(31_000 - 1)
    const right = await login('clinic-b', 'bob@clinic-b.example', bob.code(t.clock.now()))
    expect([429, 303]).toContain(right.status)
    const unknown = await login('clinic-b', 'nobody@clinic-b.example', '123456')
    expect(unknown.status).toBe(401)
  })

  it("shows another tenant's incident as 404", async () => {
    const { cookie } = await signIn(alice, 'clinic-a', 'alice@clinic-a.example')
    const res = await t.app.request(`/console/incidents/${incidentOfB}`, { headers: { cookie } })
    expect(res.status).toBe(404)
    expect(await res.text()).not.toContain('b leak')
  })

  it('redelivers a failed webhook event; an unknown id is a 404', async () => {
    const admin = await t.keyFor('clinic-a', ['admin'])
    const hook = {
      url: 'https://hooks.clinic-a.example/pwguard',
      secret: 'whsec-clinic-a-0123456789',
    }
    await t.app.request('/v1/webhook', {
      method: 'PUT',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify(hook),
    })
    const { cookie, csrf } = await signIn(alice, 'clinic-a', 'alice@clinic-a.example')
    const fields = {
      name: 'hooked',
      detectedAt: '2026-01-02T00:00',
      dataClasses: 'email',
      _csrf: csrf,
    }
    await t.app.request('/console/incidents', formPost(fields, { cookie }))
    const [event] = await t.driver.db
      .select()
      .from(webhookOutbox)
      .where(eq(webhookOutbox.tenantId, 'clinic-a'))
    await t.driver.db
      .update(webhookOutbox)
      .set({ failedAt: t.clock.now() })
      .where(eq(webhookOutbox.id, event!.id))
    const redeliver = (id: string) =>
      t.app.request(
        `/console/webhook/events/${id}/redeliver`,
        formPost({ _csrf: csrf }, { cookie }),
      )
    expect((await redeliver(event!.id)).status).toBe(200)
    const [after] = await t.driver.db
      .select()
      .from(webhookOutbox)
      .where(eq(webhookOutbox.id, event!.id))
    expect(after!.failedAt).toBeNull()
    expect((await redeliver('evt_nope')).status).toBe(404)
  })

  it('audits console actions with the console user, never the e-mail', async () => {
    const rows = await t.driver.db.select().from(auditLog).where(eq(auditLog.tenantId, 'clinic-a'))
    const actions = rows.map((row) => `${row.actor} ${row.action}`)
    expect(actions).toContain(`console:${alice.id} console.signed_in`)
    expect(actions).toContain(`console:${alice.id} incident.created`)
    expect(actions).toContain(`console:${alice.id} console.signed_out`)
    expect(actions).toContain(`console:${alice.id} webhook.redelivered`)
    expect(JSON.stringify(rows)).not.toContain('alice@')
  })
})

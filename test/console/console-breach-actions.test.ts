import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditLog } from '../../src/store/schema.js'
import { createTestApp } from '../support/test-app.js'
import { consoleUserFor, formPost, signInConsole } from './console-support.js'

/** The policy page edits the tenant's breach actions (what a breached login or new password meets), with CSRF, audited. */
describe('console policy page: breach actions', () => {
  const t = createTestApp()
  let user: Awaited<ReturnType<typeof consoleUserFor>>
  let session: { cookie: string; csrf: string }
  const effective = async () => {
    const admin = await t.keyFor('clinic', ['admin'])
    const res = await t.app.request('/v1/tenant/policy', { headers: admin })
    return ((await res.json()) as { effective: { breachActions: Record<string, string> } })
      .effective.breachActions
  }
  const save = (fields: Record<string, string>, csrf = session.csrf) =>
    t.app.request(
      '/console/policy/breach-actions',
      formPost({ ...fields, _csrf: csrf }, { cookie: session.cookie }),
    )

  beforeAll(async () => {
    user = await consoleUserFor(t, 'clinic', 'dpo@clinic.example')
    session = await signInConsole(t, user, 'clinic', 'dpo@clinic.example', 'nl')
  })
  afterAll(() => t.close())

  it('shows the actions in the chosen language with the service defaults', async () => {
    const html = await (
      await t.app.request('/console/policy', { headers: { cookie: session.cookie } })
    ).text()
    expect(html).toContain('Bij aanmelden')
    expect(html).toContain('Standaard van de dienst: Reset vereisen')
    expect(html).toMatch(/<select id="breach-login" name="login">/)
  })

  it('saves with the CSRF token, audited by the console user; refuses without it', async () => {
    const forged = await save({ login: 'log', signup: '', passwordChange: '' }, '0'.repeat(64))
    expect(forged.status).toBe(403)
    expect((await effective()).login).toBe('require_reset')

    const res = await save({ login: 'block', signup: '', passwordChange: 'notify' })
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('opgeslagen')
    expect(await effective()).toEqual({
      login: 'block',
      signup: 'block',
      passwordChange: 'notify',
    })
    const entries = await t.driver.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, 'clinic'), eq(auditLog.action, 'tenant.policy_set')))
    expect(entries.map((e) => e.actor)).toEqual([`console:${user.id}`])
    expect(JSON.parse(entries[0]!.details!)).toMatchObject({
      actions: ['block', 'block', 'notify'],
    })
    const page = await (
      await t.app.request('/console/policy', { headers: { cookie: session.cookie } })
    ).text()
    expect(page).toMatch(/<option value="block" selected="">/)
  })

  it('refuses an action outside the vocabulary and writes nothing', async () => {
    const res = await save({ login: 'shrug', signup: '', passwordChange: '' })
    expect(await res.text()).toContain('Onbekende actie')
    expect((await effective()).login).toBe('block')
  })
})

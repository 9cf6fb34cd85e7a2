import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importThroughApi } from '../migration/migration-support.js'
import { MD5_CRYPT } from '../support/accounts-fixtures.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'
import { consoleUserFor, formPost, signInConsole } from './console-support.js'

/** The console pages that read and write through the store ports, seen from the browser side. */
describe('console pages on store ports', () => {
  const t = createTestApp()
  let admin: Record<string, string>
  let session: { cookie: string; csrf: string }
  const page = async (path: string) =>
    (await t.app.request(path, { headers: { cookie: session.cookie } })).text()
  const post = (path: string, fields: Record<string, string>) =>
    t.app.request(path, formPost({ ...fields, _csrf: session.csrf }, { cookie: session.cookie }))
  const auditActions = async () => {
    const res = await t.app.request('/v1/audit?limit=1000', { headers: admin })
    return ((await res.json()) as { entries: { action: string; actor: string }[] }).entries
  }

  beforeAll(async () => {
    admin = await t.keyFor('clinic', ['admin'])
    const user = await consoleUserFor(t, 'clinic', 'dpo@clinic.example')
    session = await signInConsole(t, user, 'clinic', 'dpo@clinic.example')
  })
  afterAll(() => t.close())

  it('lists an incident not yet reported to the authority on the overview', async () => {
    const body = {
      name: 'Wachtkamer leak',
      detectedAt: '2026-01-01T00:00:00Z',
      dataClasses: ['password'],
    }
    const created = await t.app.request('/v1/incidents', jsonRequest('POST', body, admin))
    expect(created.status).toBe(201)
    expect(await page('/console')).toContain('Wachtkamer leak')
  })

  it('saves the policy overrides with their audit entry', async () => {
    const res = await post('/console/policy', {
      minPasswordLength: '12',
      minStrengthScore: '',
      breachCountThreshold: '',
    })
    expect(res.status).toBe(200)
    const policy = await t.app.request('/v1/tenant/policy', { headers: admin })
    expect(await policy.json()).toMatchObject({ overrides: { minLength: 12, minScore: null } })
    expect((await auditActions()).map((entry) => entry.action)).toContain('tenant.policy_updated')
  })

  it('wraps legacy hashes in a console batch, audited, and shows the new spread', async () => {
    await importThroughApi(t, admin, [{ externalId: 'p-1', hash: MD5_CRYPT.hash }])
    const res = await post('/console/migration/wrap', {})
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('wrapped:md5_crypt')
    const batch = (await auditActions()).find((entry) => entry.action === 'migration.wrap_batch')
    expect(batch?.actor).toMatch(/^console:/)
  })

  it('sets the webhook endpoint with its audit entry; redelivering an unknown event is 404', async () => {
    const res = await post('/console/webhook', {
      url: 'https://hooks.clinic.example/pwguard',
      secret: 's'.repeat(32),
    })
    expect(res.status).toBe(200)
    const hook = await t.app.request('/v1/webhook', { headers: admin })
    expect(await hook.json()).toMatchObject({ url: 'https://hooks.clinic.example/pwguard' })
    expect((await auditActions()).map((entry) => entry.action)).toContain('webhook.set')
    expect((await post('/console/webhook/events/evt_nope/redeliver', {})).status).toBe(404)
  })

  it('finds an account by id or e-mail and forces its reset', async () => {
    const hash = MD5_CRYPT.hash
    await importThroughApi(t, admin, [{ externalId: 'p-9', email: 'p9@clinic.example', hash }])
    expect((await post('/console/accounts', { q: 'nobody' })).status).toBe(404)
    const byMail = await post('/console/accounts', { q: 'p9@clinic.example' })
    expect(byMail.status).toBe(200)
    expect(await byMail.text()).toContain('p-9')
    const reset = await post('/console/accounts/p-9/reset', {})
    expect(reset.status).toBe(200)
    const account = await t.app.request('/v1/accounts/p-9', { headers: admin })
    expect(await account.json()).toMatchObject({ externalId: 'p-9', mustReset: true })
  })

  it('creates a key shown once and revokes it, each audited; an unknown key is 404', async () => {
    const created = await post('/console/keys', { label: 'ops', scopes: 'check' })
    const key = /id="new-key">([^<]+)</.exec(await created.text())?.[1]
    expect(key).toBeDefined()
    const check = { authorization: `Bearer ${key}` }
    const body = { password: 'correct horse battery staple 1' }
    const asKey = () => t.app.request('/v1/passwords/check', jsonRequest('POST', body, check))
    expect((await asKey()).status).toBe(200)
    const id = /<td>([^<]+)<\/td><td>ops<\/td>/.exec(await page('/console/keys'))?.[1]
    expect(id).toBeDefined()
    expect((await post(`/console/keys/${id}/revoke`, {})).status).toBe(303)
    expect((await asKey()).status).toBe(401)
    expect((await post(`/console/keys/${id}/revoke`, {})).status).toBe(404)
    const actions = (await auditActions()).map((entry) => entry.action)
    expect(actions).toEqual(expect.arrayContaining(['api_key.created', 'api_key.revoked']))
  })
})

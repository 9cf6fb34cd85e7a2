import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { webhookOutbox, webhooks } from '../../src/store/schema.js'
import { runWebhookDelivery } from '../../src/webhooks/run-webhook-delivery.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'
import { startLocalReceiver } from './local-receiver.js'

const SECRET = 'whsec-route-test-secret-0123'

describe('/v1/webhook', () => {
  let t: ReturnType<typeof createTestApp>
  let admin: Record<string, string>
  beforeEach(async () => {
    t = createTestApp({ settings: { webhookAllowedHosts: ['127.0.0.1'] } })
    admin = await t.keyFor('clinic', ['admin', 'login'])
  })
  afterEach(() => t.close())

  const put = (body: unknown, headers = admin) =>
    t.app.request('/v1/webhook', jsonRequest('PUT', body, headers))
  const get = (headers = admin) => t.app.request('/v1/webhook', { headers })

  it('creates, replaces, shows without the secret, and deletes', async () => {
    const first = await put({ url: 'https://hooks.example.be/a', secret: SECRET })
    expect(first.status).toBe(201)
    const second = await put({ url: 'https://hooks.example.be/b', secret: `${SECRET}-2` })
    expect(second.status).toBe(200)
    const shown = await get()
    expect(shown.status).toBe(200)
    const body = (await shown.json()) as Record<string, unknown>
    expect(body).toMatchObject({ url: 'https://hooks.example.be/b' })
    expect(Object.keys(body).sort()).toEqual(['createdAt', 'updatedAt', 'url'])
    expect(JSON.stringify(body)).not.toContain(SECRET)
    // At rest the secret is sealed, not stored in clear.
    const [row] = await t.driver.db.select().from(webhooks)
    expect(row!.sealedSecret).not.toContain(SECRET)
    expect((await t.app.request('/v1/webhook', { method: 'DELETE', headers: admin })).status).toBe(
      204,
    )
    expect((await get()).status).toBe(404)
    expect((await t.app.request('/v1/webhook', { method: 'DELETE', headers: admin })).status).toBe(
      404,
    )
  })

  it('refuses plain http off loopback, credentials in the URL, and short or long secrets', async () => {
    const refused = [
      { url: 'http://hooks.example.be/a', secret: SECRET },
      { url: 'ftp://hooks.example.be/a', secret: SECRET },
      { url: 'https://user:pw@hooks.example.be/a', secret: SECRET },
      { url: 'not a url', secret: SECRET },
      { url: 'https://hooks.example.be/a', secret: 'short' },
      { url: 'https://hooks.example.be/a', secret: 'x'.repeat(257) },
      { url: 'https://hooks.example.be/a' },
    ]
    for (const body of refused) {
      const res = await put(body)
      expect(res.status).toBe(400)
      const problem = (await res.json()) as { code: string }
      expect(problem.code).toBe('invalid_body')
      expect(JSON.stringify(problem)).not.toContain(SECRET)
    }
    // 127.0.0.1 is on this app's allow-list (settings), so plain http to it is accepted.
    expect((await put({ url: 'http://127.0.0.1:9/x', secret: SECRET })).status).toBeLessThan(300)
  })

  it('needs the admin scope and is tenant-scoped', async () => {
    const login = await t.keyFor('clinic', ['login'])
    expect((await put({ url: 'https://a.example/x', secret: SECRET }, login)).status).toBe(403)
    expect((await get(login)).status).toBe(403)
    expect((await t.app.request('/v1/webhook')).status).toBe(401)
    await put({ url: 'https://clinic.example/x', secret: SECRET })
    const otherAdmin = await t.keyFor('other', ['admin'])
    expect((await get(otherAdmin)).status).toBe(404)
  })
})

describe('account.password_changed', () => {
  it('is recorded after a successful change only, and delivered signed', async () => {
    const t = createTestApp({ settings: { webhookAllowedHosts: ['127.0.0.1'] } })
    const receiver = await startLocalReceiver({ secret: SECRET, clock: t.clock })
    try {
      const key = await t.keyFor('clinic', ['admin', 'login'])
      await t.app.request(
        '/v1/webhook',
        jsonRequest('PUT', { url: receiver.url, secret: SECRET }, key),
      )
      const oldPassword = 'correct horse battery staple orbit'
      const newPassword = 'violet lanterns drift over quiet harbours'
      const created = await t.app.request(
        '/v1/accounts',
        jsonRequest('POST', { externalId: 'p-1', password: oldPassword }, key),
      )
      expect(created.status).toBe(201)
      const change = (currentPassword: string) =>
        t.app.request(
          '/v1/accounts/p-1/password',
          jsonRequest('POST', { currentPassword, newPassword }, key),
        )
      expect((await change('wrong password entirely here')).status).toBe(401)
      expect(await t.driver.db.select().from(webhookOutbox)).toEqual([])
      expect((await change(oldPassword)).status).toBe(204)
      expect(await runWebhookDelivery(t.deps)).toMatchObject({ delivered: 1 })
      const [event] = [...receiver.processed.values()]
      expect(event!.signatureValid).toBe(true)
      expect(JSON.parse(event!.body)).toMatchObject({
        type: 'account.password_changed',
        tenantId: 'clinic',
        data: { externalId: 'p-1', via: 'current_password' },
      })
      expect(event!.body).not.toContain(newPassword)
    } finally {
      await receiver.close()
      t.close()
    }
  })
})

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createNodeWebhookSender } from '../../src/webhooks/webhook-sender-node.js'
import { parseWebhookAllowList } from '../../src/webhooks/webhook-allow-list.js'
import { ndjson, STRONG_PASSWORD } from '../support/accounts-fixtures.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'
import { startLegacyServer } from './local-legacy-server.js'

const SECRET = 'legacy-secret-0123456789'
const USERS = { 'pat-1': STRONG_PASSWORD, 'pat-2': 'another-long-passphrase-88' }

describe('first-login import through the legacy verify hook', () => {
  let t: ReturnType<typeof createTestApp>
  let legacy: Awaited<ReturnType<typeof startLegacyServer>>
  let admin: Record<string, string>
  let login: Record<string, string>

  beforeEach(async () => {
    // The Node sender (resolves and pins the address) with loopback allow-listed, as in prod.
    const allow = ['127.0.0.1']
    t = createTestApp({
      settings: { webhookAllowedHosts: allow },
      deps: { webhookSender: createNodeWebhookSender({ allow: parseWebhookAllowList(allow) }) },
    })
    legacy = await startLegacyServer({ secret: SECRET, clock: t.clock, users: USERS })
    admin = await t.keyFor('clinic', ['admin'])
    login = await t.keyFor('clinic', ['login'])
    const put = await t.app.request(
      '/v1/tenant/legacy-verify',
      jsonRequest('PUT', { url: legacy.url, secret: SECRET, timeoutMs: 500 }, admin),
    )
    expect(put.status).toBe(201)
    const imported = await t.app.request('/v1/accounts/import', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/x-ndjson' },
      body: ndjson([
        { externalId: 'pat-1', legacyVerify: true },
        { externalId: 'pat-2', legacyVerify: true },
      ]),
    })
    expect(await imported.json()).toMatchObject({ imported: 2, rejected: [] })
  })
  afterEach(async () => {
    await legacy.close()
    t.close()
  })

  const post = (externalId: string, password: string) =>
    t.app.request('/v1/login', jsonRequest('POST', { externalId, password }, login))
  const account = async (externalId: string) =>
    (await (await t.app.request(`/v1/accounts/${externalId}`, { headers: admin })).json()) as {
      scheme: string
    }
  const waiting = async () =>
    (
      (await (await t.app.request('/v1/admin/migration', { headers: admin })).json()) as {
        legacyVerify: { waiting: number; configured: boolean }
      }
    ).legacyVerify

  it('verified: imports as argon2id, and never asks the legacy system again', async () => {
    expect(await waiting()).toEqual({ waiting: 2, configured: true })
    const first = await post('pat-1', STRONG_PASSWORD)
    expect(first.status).toBe(200)
    expect(await first.json()).toMatchObject({ ok: true, rehashed: true, mustReset: false })
    expect(legacy.state).toMatchObject({ calls: 1, validSignatures: 1, badSignatures: 0 })
    expect((await account('pat-1')).scheme).toBe('argon2id')
    expect(await waiting()).toEqual({ waiting: 1, configured: true })

    await legacy.close()
    const again = await post('pat-1', STRONG_PASSWORD)
    expect(await again.json()).toMatchObject({ ok: true, rehashed: false })
    expect((await post('pat-1', 'wrong-password-entirely')).status).toBe(401)
    expect(legacy.state.calls).toBe(1)
  })

  it('not verified: 401 like any wrong password, nothing stored', async () => {
    const res = await post('pat-1', 'not-the-password-at-all')
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual({ ok: false })
    expect((await account('pat-1')).scheme).toBe('legacy_verify')
  })

  it('a re-import of the same legacyVerify line leaves an imported account alone', async () => {
    await post('pat-1', STRONG_PASSWORD)
    const res = await t.app.request('/v1/accounts/import', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/x-ndjson' },
      body: ndjson([{ externalId: 'pat-1', legacyVerify: true }]),
    })
    expect(await res.json()).toMatchObject({ unchanged: 1 })
    expect((await account('pat-1')).scheme).toBe('argon2id')
  })

  const expectUnavailable = async (reason: string) => {
    const res = await post('pat-1', STRONG_PASSWORD)
    expect(res.status).toBe(503)
    const body = (await res.json()) as Record<string, unknown>
    expect(body).toMatchObject({ code: 'legacy_verify_unavailable', reason })
    expect(JSON.stringify(body)).not.toContain(STRONG_PASSWORD)
    expect((await account('pat-1')).scheme).toBe('legacy_verify')
  }

  it('timeout fails closed with its own code, not counted as a guess', async () => {
    legacy.state.mode = 'slow'
    const started = Date.now()
    // Ten unanswered attempts: more than the account's free failures, still not throttled.
    for (let i = 0; i < 7; i++) await expectUnavailable('timeout')
    expect(Date.now() - started).toBeLessThan(7 * 1_500)
    legacy.state.mode = 'answer'
    expect((await post('pat-1', STRONG_PASSWORD)).status).toBe(200)
  })

  it('a 500 from the legacy side fails closed', async () => {
    legacy.state.mode = 'error500'
    await expectUnavailable('http_error')
  })

  it('an answer that is not {verified: boolean} fails closed', async () => {
    legacy.state.mode = 'garbage'
    await expectUnavailable('bad_answer')
  })

  it('bad signature: the legacy side checks it and refuses; login fails closed', async () => {
    await t.app.request(
      '/v1/tenant/legacy-verify',
      jsonRequest('PUT', { url: legacy.url, secret: 'some-other-secret-000' }, admin),
    )
    await expectUnavailable('http_error')
    expect(legacy.state).toMatchObject({ badSignatures: 1, validSignatures: 0 })
  })

  it('not configured: accounts waiting fail closed', async () => {
    expect(
      (await t.app.request('/v1/tenant/legacy-verify', { method: 'DELETE', headers: admin }))
        .status,
    ).toBe(204)
    await expectUnavailable('not_configured')
    expect(await waiting()).toEqual({ waiting: 2, configured: false })
  })

  it('two concurrent first logins: both reach the legacy side, one hash is stored', async () => {
    legacy.state.delayMs = 150
    const [a, b] = await Promise.all([post('pat-2', USERS['pat-2']), post('pat-2', USERS['pat-2'])])
    expect([a.status, b.status]).toEqual([200, 200])
    const rehashed = [await a.json(), await b.json()].map(
      (r) => (r as { rehashed: boolean }).rehashed,
    )
    // The compare-and-swap on the placeholder lets exactly one of them store its hash.
    expect(rehashed.sort()).toEqual([false, true])
    expect(legacy.state.calls).toBe(2)
    expect((await account('pat-2')).scheme).toBe('argon2id')
    expect((await post('pat-2', USERS['pat-2'])).status).toBe(200)
    expect(legacy.state.calls).toBe(2)
  })

  it('the password is never logged', async () => {
    await post('pat-1', STRONG_PASSWORD)
    legacy.state.mode = 'error500'
    await post('pat-2', USERS['pat-2'])
    const logs = t.logger.lines.join('\n')
    expect(logs).toContain('legacy_verify.unavailable')
    expect(logs).not.toContain(STRONG_PASSWORD)
    expect(logs).not.toContain(USERS['pat-2'])
  })

  it('GET shows the endpoint without the secret; a private target is refused', async () => {
    const res = await t.app.request('/v1/tenant/legacy-verify', { headers: admin })
    const text = await res.text()
    expect(text).toContain(legacy.url)
    expect(text).not.toContain(SECRET)
    const refused = await t.app.request(
      '/v1/tenant/legacy-verify',
      jsonRequest('PUT', { url: 'http://10.0.0.7/verify', secret: SECRET }, admin),
    )
    expect(refused.status).toBe(400)
  })
})

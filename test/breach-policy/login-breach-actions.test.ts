import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createMemoryCorpus } from '../../src/breach/memory-corpus.js'
import { writeDueDailyDigests } from '../../src/breach-policy/breach-digest.js'
import { runWebhookDelivery } from '../../src/webhooks/run-webhook-delivery.js'
import { MD5_CRYPT, SHA512_CRYPT, ndjson, sha1Upper } from '../support/accounts-fixtures.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'
import { registerLocalReceiver, type LocalReceiver } from '../webhooks/local-receiver.js'

const SECRET = 'whsec-breach-actions-secret'
const DAY = 24 * 60 * 60_000

describe('breach actions at /v1/login', () => {
  let t: ReturnType<typeof createTestApp>
  let receiver: LocalReceiver
  let admin: Record<string, string>
  let login: Record<string, string>

  beforeEach(async () => {
    t = createTestApp({
      settings: { webhookAllowedHosts: ['127.0.0.1'] },
      // MD5_CRYPT's password is breached (seen 42 times); SHA512_CRYPT's is not.
      corpus: createMemoryCorpus([{ sha1: sha1Upper(MD5_CRYPT.password), count: 42 }]),
    })
    admin = await t.keyFor('clinic', ['admin'])
    login = await t.keyFor('clinic', ['login'])
    receiver = await registerLocalReceiver(t, admin, SECRET)
    await t.app.request('/v1/accounts/import', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/x-ndjson' },
      body: ndjson([
        { externalId: 'p-1', hash: MD5_CRYPT.hash },
        { externalId: 'p-2', hash: MD5_CRYPT.hash },
        { externalId: 'p-clean', hash: SHA512_CRYPT.hash },
      ]),
    })
  })
  afterEach(async () => {
    await receiver.close()
    t.close()
  })

  const setPolicy = (body: unknown) =>
    t.app.request('/v1/tenant/policy', jsonRequest('PUT', body, admin))
  const post = (externalId: string, password = MD5_CRYPT.password) =>
    t.app.request('/v1/login', jsonRequest('POST', { externalId, password }, login))
  const events = async () => {
    await runWebhookDelivery(t.deps)
    return [...receiver.processed.values()].map((event) => {
      expect(event.signatureValid).toBe(true)
      return JSON.parse(event.body) as { type: string; data: Record<string, unknown> }
    })
  }
  const auditActions = async () => {
    const res = await t.app.request('/v1/audit', { headers: admin })
    const page = (await res.json()) as { entries: { action: string; details: unknown }[] }
    return page.entries.filter((entry) => entry.action === 'account.password_breached')
  }

  it('require_reset (default): 200, mustReset, breachAction; no event', async () => {
    const res = await post('p-1')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      ok: true,
      externalId: 'p-1',
      rehashed: true,
      mustReset: true,
      reasons: ['password_breached'],
      breachAction: 'require_reset',
    })
    expect(await events()).toEqual([])
  })

  it('a password that is not breached carries no breachAction', async () => {
    await setPolicy({ breachActions: { login: 'block' } })
    const res = await post('p-clean', SHA512_CRYPT.password)
    expect(await res.json()).toEqual({
      ok: true,
      externalId: 'p-clean',
      rehashed: true,
      mustReset: false,
      reasons: [],
    })
  })

  it('block: 403 password_breached, and it keeps refusing until a reset', async () => {
    await setPolicy({ breachActions: { login: 'block' } })
    for (let i = 0; i < 2; i++) {
      const res = await post('p-1')
      expect(res.status).toBe(403)
      expect(await res.json()).toMatchObject({
        code: 'password_breached',
        externalId: 'p-1',
        breachAction: 'block',
      })
    }
    const account = await (await t.app.request('/v1/accounts/p-1', { headers: admin })).json()
    expect(account).toMatchObject({ mustReset: true, resetReasons: ['password_breached'] })
    // The password was right: not a failed guess, so a wrong one still answers 401, not 429.
    expect((await post('p-1', 'wrong')).status).toBe(401)
  })

  it('notify: 200, mustReset unchanged, one signed account.password_breached event', async () => {
    await setPolicy({ breachActions: { login: 'notify' } })
    for (let i = 0; i < 2; i++) {
      const res = await post('p-1')
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({
        mustReset: false,
        reasons: [],
        breachAction: 'notify',
      })
    }
    const sent = await events()
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({
      type: 'account.password_breached',
      data: { externalId: 'p-1', moment: 'login', action: 'notify', breachCount: 42 },
    })
    expect(JSON.stringify(sent)).not.toContain(MD5_CRYPT.password)
  })

  it('log: 200, mustReset unchanged, an audit entry and no webhook', async () => {
    await setPolicy({ breachActions: { login: 'log' } })
    const res = await post('p-1')
    expect(await res.json()).toMatchObject({ mustReset: false, breachAction: 'log' })
    await post('p-1')
    expect(await auditActions()).toMatchObject([
      { details: { moment: 'login', action: 'log', breachCount: 42 } },
    ])
    expect(await events()).toEqual([])
  })

  it('the breach threshold decides: seen 42 times is not breached at threshold 100', async () => {
    await setPolicy({ breachThreshold: 100, breachActions: { login: 'block' } })
    const res = await post('p-1')
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ mustReset: false, reasons: [] })
  })

  it('immediate digest: a tenant.breach_digest event per newly flagged account', async () => {
    await setPolicy({ breachActions: { login: 'log' }, breachDigest: 'immediate' })
    await post('p-1')
    await post('p-1')
    const sent = await events()
    expect(sent).toMatchObject([
      {
        type: 'tenant.breach_digest',
        data: { mode: 'immediate', accounts: [{ externalId: 'p-1', action: 'log' }] },
      },
    ])
  })

  it('daily digest: one event carrying every account flagged since the last one', async () => {
    await setPolicy({ breachActions: { login: 'log' }, breachDigest: 'daily' })
    await post('p-1')
    await post('p-2')
    expect(await writeDueDailyDigests(t.deps.stores.breachPolicy, t.clock.now())).toBe(2)
    expect(await writeDueDailyDigests(t.deps.stores.breachPolicy, t.clock.now())).toBe(0)
    let sent = await events()
    expect(sent).toHaveLength(1)
    const accounts = (sent[0]?.data.accounts as { externalId: string }[]).map((a) => a.externalId)
    expect(accounts.sort()).toEqual(['p-1', 'p-2'])

    await t.app.request('/v1/accounts/import', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/x-ndjson' },
      body: ndjson([{ externalId: 'p-3', hash: MD5_CRYPT.hash }]),
    })
    await post('p-3')
    // Not a day yet since the last digest: nothing; a day later: the new account alone.
    expect(await writeDueDailyDigests(t.deps.stores.breachPolicy, t.clock.now())).toBe(0)
    t.clock.advance(DAY)
    // The delivery pass writes the due digest itself.
    sent = await events()
    expect(sent.at(-1)).toMatchObject({
      type: 'tenant.breach_digest',
      data: { mode: 'daily', accounts: [{ externalId: 'p-3' }] },
    })
  })
})

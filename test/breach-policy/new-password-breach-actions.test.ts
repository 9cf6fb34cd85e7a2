import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createMemoryCorpus } from '../../src/breach/memory-corpus.js'
import { runWebhookDelivery } from '../../src/webhooks/run-webhook-delivery.js'
import { STRONG_PASSWORD, sha1Upper } from '../support/accounts-fixtures.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'
import { registerLocalReceiver, type LocalReceiver } from '../webhooks/local-receiver.js'

const SECRET = 'whsec-new-password-breach'
/** Long and strong, but in the corpus: only the breach rule objects to it. */
const BREACHED = STRONG_PASSWORD
const OTHER = 'quiet-lantern-orchard-river-93'

describe('breach actions at signup and password change', () => {
  let t: ReturnType<typeof createTestApp>
  let receiver: LocalReceiver
  let admin: Record<string, string>
  let login: Record<string, string>

  beforeEach(async () => {
    t = createTestApp({
      settings: { webhookAllowedHosts: ['127.0.0.1'] },
      corpus: createMemoryCorpus([{ sha1: sha1Upper(BREACHED), count: 3 }]),
    })
    admin = await t.keyFor('clinic', ['admin'])
    login = await t.keyFor('clinic', ['login'])
    receiver = await registerLocalReceiver(t, admin, SECRET)
  })
  afterEach(async () => {
    await receiver.close()
    t.close()
  })

  const signup = (externalId: string, password: string) =>
    t.app.request('/v1/accounts', jsonRequest('POST', { externalId, password }, login))
  const setPolicy = (body: unknown) =>
    t.app.request('/v1/tenant/policy', jsonRequest('PUT', body, admin))
  const events = async () => {
    await runWebhookDelivery(t.deps)
    return [...receiver.processed.values()].map(
      (event) => JSON.parse(event.body) as { type: string; data: Record<string, unknown> },
    )
  }

  it('block (default) refuses a breached password at signup with 422', async () => {
    const res = await signup('a-1', BREACHED)
    expect(res.status).toBe(422)
    expect(await res.json()).toMatchObject({ code: 'password_rejected' })
  })

  it('require_reset at signup: created, flagged for reset', async () => {
    await setPolicy({ breachActions: { signup: 'require_reset' } })
    const res = await signup('a-1', BREACHED)
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({ mustReset: true, resetReasons: ['password_breached'] })
  })

  it('notify at signup: created, not flagged, one account.password_breached event', async () => {
    await setPolicy({ breachActions: { signup: 'notify' } })
    const res = await signup('a-1', BREACHED)
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({ mustReset: false })
    expect(await events()).toMatchObject([
      {
        type: 'account.password_breached',
        data: { externalId: 'a-1', moment: 'signup', action: 'notify', breachCount: 3 },
      },
    ])
  })

  it('log at password change: changed, audit entry', async () => {
    await setPolicy({ breachActions: { passwordChange: 'log' } })
    expect((await signup('a-1', OTHER)).status).toBe(201)
    const res = await t.app.request(
      '/v1/accounts/a-1/password',
      jsonRequest('POST', { currentPassword: OTHER, newPassword: BREACHED }, login),
    )
    expect(res.status).toBe(204)
    const audit = (await (await t.app.request('/v1/audit', { headers: admin })).json()) as {
      entries: { action: string; details: unknown }[]
    }
    expect(audit.entries.filter((e) => e.action === 'account.password_breached')).toMatchObject([
      { details: { moment: 'password_change', action: 'log' } },
    ])
  })

  it('other violations still refuse whatever the action', async () => {
    await setPolicy({ breachActions: { signup: 'log' } })
    expect((await signup('a-1', 'short')).status).toBe(422)
  })
})

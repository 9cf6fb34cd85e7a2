import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { outboxInsert } from '../../src/store/sqlite/sqlite-outbox-insert.js'
import { RETRY_GIVE_UP_AFTER_MS } from '../../src/webhooks/retry-schedule.js'
import { runWebhookDelivery } from '../../src/webhooks/run-webhook-delivery.js'
import { createTestApp } from '../support/test-app.js'
import { registerLocalReceiver, type LocalReceiver } from './local-receiver.js'

const SECRET = 'whsec-event-routes-secret'

interface EventList {
  events: { id: string; status: string; attempts: number; lastError: string | null }[]
}

describe('/v1/webhook/events', () => {
  let t: ReturnType<typeof createTestApp>
  let receiver: LocalReceiver
  let admin: Record<string, string>
  beforeEach(async () => {
    t = createTestApp({ settings: { webhookAllowedHosts: ['127.0.0.1'] } })
    admin = await t.keyFor('clinic', ['admin'])
    receiver = await registerLocalReceiver(t, admin, SECRET)
  })
  afterEach(async () => {
    await receiver.close()
    t.close()
  })

  const list = async (query = '', headers = admin) => {
    const res = await t.app.request(`/v1/webhook/events${query}`, { headers })
    expect(res.status).toBe(200)
    return ((await res.json()) as EventList).events
  }
  const redeliver = (id: string, headers = admin) =>
    t.app.request(`/v1/webhook/events/${id}/redeliver`, { method: 'POST', headers })

  it('shows failed events and redelivers one with the same id', async () => {
    const { statement, id } = outboxInsert(t.driver.db, {
      tenantId: 'clinic',
      type: 'incident.created',
      data: { incidentId: 'inc_1' },
      now: t.clock.now(),
    })
    await t.driver.batch([statement])
    expect(await list('?status=pending')).toMatchObject([{ id, status: 'pending', attempts: 0 }])
    const pending = await redeliver(id)
    expect(pending.status).toBe(409)
    expect(await pending.json()).toMatchObject({ code: 'event_pending' })

    receiver.state.failNext = Number.MAX_SAFE_INTEGER
    for (let i = 0; i < 100 && (await list('?status=failed')).length === 0; i++) {
      t.clock.advance(RETRY_GIVE_UP_AFTER_MS / 10)
      await runWebhookDelivery(t.deps)
    }
    const [failed] = await list('?status=failed')
    expect(failed).toMatchObject({ id, status: 'failed', lastError: 'http_5xx' })

    receiver.state.failNext = 0
    expect((await redeliver(id)).status).toBe(202)
    expect(await runWebhookDelivery(t.deps)).toMatchObject({ delivered: 1 })
    expect(await list('?status=delivered')).toMatchObject([{ id, status: 'delivered' }])
    expect([...receiver.processed.keys()]).toEqual([id])

    const other = await t.keyFor('other', ['admin'])
    expect(await list('', other)).toEqual([])
    expect((await redeliver(id, other)).status).toBe(404)
    const audit = (await (await t.app.request('/v1/audit', { headers: admin })).json()) as {
      entries: { action: string; target: string | null }[]
    }
    expect(audit.entries.at(-1)).toMatchObject({ action: 'webhook.redelivered', target: id })
  })
})

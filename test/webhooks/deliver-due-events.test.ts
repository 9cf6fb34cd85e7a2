import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { webhookOutbox } from '../../src/store/schema.js'
import { deliverDueEvents } from '../../src/webhooks/deliver-due-events.js'
import { outboxInsert } from '../../src/store/sqlite/sqlite-outbox-insert.js'
import { RETRY_BASE_MS, RETRY_CAP_MS } from '../../src/webhooks/retry-schedule.js'
import { runWebhookDelivery } from '../../src/webhooks/run-webhook-delivery.js'
import { createSecretSealer } from '../../src/webhooks/webhook-secret-sealer.js'
import { parseWebhookAllowList } from '../../src/webhooks/webhook-allow-list.js'
import { createFetchWebhookSender } from '../../src/webhooks/webhook-sender.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'
import { startLocalReceiver } from './local-receiver.js'

const SECRET = 'whsec-local-receiver-secret'

describe('webhook delivery to a receiver that is down, then recovers', () => {
  let t: ReturnType<typeof createTestApp>
  let receiver: Awaited<ReturnType<typeof startLocalReceiver>>
  let admin: Record<string, string>
  beforeEach(async () => {
    t = createTestApp({ settings: { webhookAllowedHosts: ['127.0.0.1'] } })
    receiver = await startLocalReceiver({ secret: SECRET, clock: t.clock })
    admin = await t.keyFor('clinic', ['admin'])
  })
  afterEach(async () => {
    await receiver.close()
    t.close()
  })

  const setWebhook = async (url: string) => {
    const res = await t.app.request(
      '/v1/webhook',
      jsonRequest('PUT', { url, secret: SECRET }, admin),
    )
    expect([200, 201]).toContain(res.status)
  }
  const emit = async (count: number) => {
    const ids: string[] = []
    for (let i = 0; i < count; i++) {
      const { statement, id } = outboxInsert(t.driver.db, {
        tenantId: 'clinic',
        type: 'account.exposed',
        data: { externalId: `p-${i}` },
        now: t.clock.now(),
      })
      await t.driver.batch([statement])
      ids.push(id)
    }
    return ids
  }
  const rows = () => t.driver.db.select().from(webhookOutbox).orderBy(webhookOutbox.id)
  const pass = () => runWebhookDelivery(t.deps)
  /** Moves the clock to the earliest (or latest) pending retry and runs one pass. */
  const nextRound = async (pick: (...times: number[]) => number = Math.min) => {
    const pending = (await rows()).filter((row) => !row.deliveredAt && !row.failedAt)
    const due = pick(...pending.map((row) => row.nextAttemptAt))
    if (due > t.clock.now()) t.clock.set(due)
    return pass()
  }

  it('keeps every event while refused or failing, then delivers each exactly once', async () => {
    // A port nothing listens on: connection refused.
    const closed = await startLocalReceiver({ secret: SECRET, clock: t.clock })
    await closed.close()
    await setWebhook(closed.url)
    const ids = await emit(5)
    const created = t.clock.now()
    // Refused: once a request to the endpoint failed, the pass leaves the tenant's other due
    // events to later passes (at most one request per lane was already in flight).
    const firstPass = await pass()
    expect(firstPass.claimed).toBeGreaterThanOrEqual(1)
    expect(firstPass.claimed).toBeLessThanOrEqual(4)
    expect(firstPass).toMatchObject({ retrying: firstPass.claimed, skipped: 5 - firstPass.claimed })
    for (let round = 0; round < 30; round++) await nextRound()
    for (const row of await rows()) {
      expect(row.deliveredAt ?? row.failedAt).toBeNull()
      expect(row.attempts).toBeGreaterThanOrEqual(3)
      expect(row.lastError).toBe('connect_failed')
    }
    // The receiver comes up but answers 500 to its first 7 requests.
    await setWebhook(receiver.url)
    receiver.state.failNext = 7
    while ((await rows()).some((row) => !row.deliveredAt)) await nextRound()
    expect(receiver.state.requests).toBe(5 + 7)
    expect([...receiver.processed.keys()].sort()).toEqual([...ids].sort())
    expect(receiver.state).toMatchObject({ duplicates: 0, badSignatures: 0 })
    for (const event of receiver.processed.values()) {
      const payload = JSON.parse(event.body) as Record<string, unknown>
      expect(payload).toMatchObject({ id: event.id, type: 'account.exposed', tenantId: 'clinic' })
      expect(payload.createdAt).toBe(new Date(created).toISOString())
    }
    expect((await rows()).every((row) => row.deliveredAt !== null && row.failedAt === null)).toBe(
      true,
    )
    expect((await pass()).claimed).toBe(0)
  })

  it('retries after 10 s · 2^(attempt-1), jittered into [half, full], capped at 6 h', async () => {
    await setWebhook(receiver.url)
    receiver.state.failNext = Number.MAX_SAFE_INTEGER
    await emit(1)
    for (let attempt = 1; attempt <= 14; attempt++) {
      expect(await nextRound()).toMatchObject({ claimed: 1, retrying: 1 })
      const [row] = await rows()
      expect(row!.attempts).toBe(attempt)
      const ceiling = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** (attempt - 1))
      const delay = row!.nextAttemptAt - t.clock.now()
      expect(delay).toBeGreaterThanOrEqual(ceiling / 2)
      expect(delay).toBeLessThanOrEqual(ceiling)
      // Nothing is sent before the backoff ends.
      t.clock.set(row!.nextAttemptAt - 1)
      expect((await pass()).claimed).toBe(0)
    }
    expect(receiver.state.requests).toBe(14)
  })

  it("does not let one tenant's dead endpoint hold up another tenant's events", async () => {
    const closed = await startLocalReceiver({ secret: SECRET, clock: t.clock })
    await closed.close()
    await setWebhook(closed.url)
    const healthy = await t.keyFor('healthy', ['admin'])
    await t.app.request(
      '/v1/webhook',
      jsonRequest('PUT', { url: receiver.url, secret: SECRET }, healthy),
    )
    await emit(10)
    for (let i = 0; i < 3; i++) {
      const { statement } = outboxInsert(t.driver.db, {
        tenantId: 'healthy',
        type: 'incident.created',
        data: { incidentId: `inc_${i}` },
        now: t.clock.now(),
      })
      await t.driver.batch([statement])
    }
    const report = await runWebhookDelivery(t.deps, { concurrency: 1 })
    expect(report).toMatchObject({ claimed: 4, delivered: 3, retrying: 1, skipped: 9 })
    expect(receiver.processed.size).toBe(3)
  })

  it('redelivers when the answer was lost, and the receiver dedupes by Webhook-Id', async () => {
    await setWebhook(receiver.url)
    const [id] = await emit(1)
    const real = createFetchWebhookSender({ allow: parseWebhookAllowList(['127.0.0.1']) })
    let lose = true
    t.deps.webhookSender = {
      async send(request) {
        const result = await real.send(request)
        if (!lose) return result
        lose = false
        return { ok: false, error: 'timeout' } // delivered, but we never heard back
      },
    }
    await nextRound()
    await nextRound()
    expect(receiver.state.requests).toBe(2)
    expect(receiver.state.duplicates).toBe(1)
    expect([...receiver.processed.keys()]).toEqual([id])
    expect((await rows())[0]).toMatchObject({ attempts: 2, lastError: null })
  })

  it('sends each attempt once even with two workers racing over the same rows', async () => {
    await setWebhook(receiver.url)
    await emit(20)
    const [a, b] = await Promise.all([pass(), pass()])
    expect(a.claimed + b.claimed).toBe(20)
    expect(receiver.state.requests).toBe(20)
    expect(receiver.state.duplicates).toBe(0)
    expect(receiver.processed.size).toBe(20)
  })

  it('gives up after about three days, marks the row failed and keeps it', async () => {
    await setWebhook(receiver.url)
    receiver.state.failNext = Number.MAX_SAFE_INTEGER
    const created = t.clock.now()
    await emit(1)
    while ((await rows()).some((row) => !row.failedAt)) await nextRound()
    const [row] = await rows()
    expect(row!.deliveredAt).toBeNull()
    expect(row!.lastError).toBe('http_5xx')
    expect(row!.failedAt! - created).toBeGreaterThan(2.5 * 24 * 3_600_000)
    expect(row!.failedAt! - created).toBeLessThanOrEqual(3 * 24 * 3_600_000)
    expect(row!.attempts).toBeGreaterThan(15)
    expect(receiver.state.requests).toBe(row!.attempts)
    t.clock.advance(30 * 24 * 3_600_000)
    expect((await pass()).claimed).toBe(0)
  })

  it('fails pending events of a tenant whose webhook was removed', async () => {
    await setWebhook(receiver.url)
    await emit(2)
    expect((await t.app.request('/v1/webhook', { method: 'DELETE', headers: admin })).status).toBe(
      204,
    )
    const report = await deliverDueEvents({
      outbox: t.deps.stores.outbox,
      clock: t.clock,
      random: t.deps.random,
      sender: createFetchWebhookSender(),
      sealer: createSecretSealer(t.deps.settings.secret, t.deps.random),
    })
    expect(report).toMatchObject({ claimed: 2, failed: 2 })
    expect(receiver.state.requests).toBe(0)
    expect((await rows()).map((row) => row.lastError)).toEqual(['no_webhook', 'no_webhook'])
  })
})

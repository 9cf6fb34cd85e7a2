import { describe, expect, it } from 'vitest'
import { outboxInsert } from '../../src/store/sqlite/sqlite-outbox-insert.js'
import { startWebhookDeliveryLoop } from '../../src/webhooks/webhook-delivery-loop-node.js'
import { createTestApp } from '../support/test-app.js'
import { registerLocalReceiver } from './local-receiver.js'

const SECRET = 'whsec-loop-test-secret'

describe('the Node delivery loop', () => {
  it('delivers events written while it runs, and stops cleanly', async () => {
    const t = createTestApp({ settings: { webhookAllowedHosts: ['127.0.0.1'] } })
    const admin = await t.keyFor('clinic', ['admin'])
    const receiver = await registerLocalReceiver(t, admin, SECRET)
    const loop = startWebhookDeliveryLoop(t.deps, { intervalMs: 5 })
    try {
      const { statement, id } = outboxInsert(t.driver.db, {
        tenantId: 'clinic',
        type: 'incident.created',
        data: { incidentId: 'inc_1' },
        now: t.clock.now(),
      })
      await t.driver.batch([statement])
      await expect.poll(() => receiver.processed.has(id), { timeout: 5_000 }).toBe(true)
    } finally {
      await loop.stop()
      await receiver.close()
      t.close()
    }
    expect(receiver.state).toMatchObject({ duplicates: 0, badSignatures: 0 })
  })
})

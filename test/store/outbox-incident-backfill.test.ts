import { sql } from 'drizzle-orm'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { openSqliteDriver } from '../../src/store/sqlite-driver-node.js'
import { webhookOutbox } from '../../src/store/schema.js'

// Migration 0010 gives events queued before it their incident from the payload, so the console's
// indexed read finds old events too. Its hand-written UPDATE, run on rows in the old shape.
describe('migration 0010: webhook_outbox.incident_id backfill', () => {
  it('copies data.incidentId from the payload, and only a string one', async () => {
    const driver = openSqliteDriver(':memory:')
    const row = (id: string, data: unknown) => ({
      id,
      tenantId: 'clinic',
      type: 'account.exposed',
      payload: JSON.stringify({ id, type: 'account.exposed', data }),
      createdAt: 0,
      nextAttemptAt: 0,
    })
    await driver.db
      .insert(webhookOutbox)
      .values([
        row('evt_1', { incidentId: 'inc_a', externalId: 'p-1' }),
        row('evt_2', { externalId: 'p-2' }),
        row('evt_3', { incidentId: 7 }),
      ])
    const file = new URL(
      '../../src/store/migrations/0010_webhook_outbox_incident.sql',
      import.meta.url,
    )
    const update = readFileSync(file, 'utf8').split('--> statement-breakpoint').at(-1)!
    await driver.db.run(sql.raw(update))
    const rows = await driver.db
      .select({ id: webhookOutbox.id, incidentId: webhookOutbox.incidentId })
      .from(webhookOutbox)
      .orderBy(webhookOutbox.id)
    expect(rows).toEqual([
      { id: 'evt_1', incidentId: 'inc_a' },
      { id: 'evt_2', incidentId: null },
      { id: 'evt_3', incidentId: null },
    ])
    driver.close()
  })
})

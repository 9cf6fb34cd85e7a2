import { sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Database } from '../database.js'
import type { OutboxEvent } from '../ports/webhook-outbox-store.js'
import { webhookOutbox, webhooks } from '../schema.js'

/**
 * A prepared event's outbox insert, for the batch holding the change it reports: written only
 * while the tenant has an endpoint, once per id. Column order follows the table definition.
 */
export function sqliteOutboxEventInsert(db: Database, event: OutboxEvent): BatchItem<'sqlite'> {
  const { id, tenantId, type, payload, now, incidentId } = event
  const select = sql`select ${id}, ${tenantId}, ${type}, ${payload}, ${now}, 0, ${now}, null,
    null, null, ${incidentId}
    where exists (select 1 from ${webhooks} where ${webhooks.tenantId} = ${tenantId})`
  return db
    .insert(webhookOutbox)
    .select(select)
    .onConflictDoNothing() as unknown as BatchItem<'sqlite'>
}

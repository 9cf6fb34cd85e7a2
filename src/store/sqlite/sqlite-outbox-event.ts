import { sql, type SQL } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Database } from '../database.js'
import type { OutboxEvent } from '../ports/webhook-outbox-store.js'
import { webhookOutbox, webhooks } from '../schema.js'

/**
 * The insert of a prepared event as a batch item, written only while the tenant has an
 * endpoint and, with `onlyIf`, only while that condition holds as the batch runs.
 */
export function sqliteOutboxEventInsert(
  db: Database,
  event: OutboxEvent,
  onlyIf?: SQL,
): BatchItem<'sqlite'> {
  const condition = onlyIf ? sql` and (${onlyIf})` : sql``
  // Column order must match the table definition: drizzle inserts SELECT output positionally.
  const select = sql`select ${event.id}, ${event.tenantId}, ${event.type}, ${event.payload},
    ${event.now}, 0, ${event.now}, null, null, null, ${event.incidentId}
    where exists (select 1 from ${webhooks} where ${webhooks.tenantId} = ${event.tenantId})${condition}`
  return db
    .insert(webhookOutbox)
    .select(select)
    .onConflictDoNothing() as unknown as BatchItem<'sqlite'>
}

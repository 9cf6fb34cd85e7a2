import { sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import { outboxEvent, type OutboxEventInput } from '../../webhooks/outbox-event.js'
import type { Database } from '../database.js'
import { webhookOutbox, webhooks } from '../schema.js'

/**
 * The outbox insert for one event (SQLite and D1), to put in the same `driver.batch([...])` as the change it
 * reports, so the event exists if and only if the change committed. The row is written only
 * when the tenant has a webhook configured at that moment (no endpoint, no event to keep).
 * Binds 8 parameters plus those of `onlyIf`; chunk bulk batches by `maxBoundParameters`.
 */
export function outboxInsert(
  db: Database,
  input: OutboxEventInput,
): { statement: BatchItem<'sqlite'>; id: string } {
  const { id, payload, incidentId } = outboxEvent(input)
  const condition = input.onlyIf ? sql` and (${input.onlyIf})` : sql``
  // Column order must match the table definition: drizzle inserts SELECT output positionally.
  const select = sql`select ${id}, ${input.tenantId}, ${input.type}, ${payload},
    ${input.now}, 0, ${input.now}, null, null, null, ${incidentId}
    where exists (select 1 from ${webhooks} where ${webhooks.tenantId} = ${input.tenantId})${condition}`
  const statement = db.insert(webhookOutbox).select(select).onConflictDoNothing()
  return { statement: statement as unknown as BatchItem<'sqlite'>, id }
}

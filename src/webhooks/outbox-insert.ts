import { sql, type SQL } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import { webCryptoRandom, type Random } from '../ports/random.js'
import type { Database } from '../store/database.js'
import type { OutboxEvent } from '../store/ports/webhook-outbox-store.js'
import { webhookOutbox, webhooks } from '../store/schema.js'
import { buildWebhookEvent, newEventId, type WebhookEventType } from './webhook-events.js'

export interface OutboxEventInput {
  tenantId: string
  type: WebhookEventType
  /** Ids and counts only: never a password, hash, token or e-mail. */
  data: Record<string, unknown>
  now: number
  /** The event id (idempotency key); a random `evt_…` when omitted. */
  id?: string
  random?: Random
  /**
   * Extra SQL condition: the row is written only if it holds when the batch runs, e.g. "the
   * account now has the new hash" right after a compare-and-swap update in the same batch.
   */
  onlyIf?: SQL
}

/** The row an event is queued as, for `stores.outbox.enqueue` or a PostgreSQL transaction. */
export function outboxEvent(input: Omit<OutboxEventInput, 'onlyIf'>): OutboxEvent {
  const id = input.id ?? newEventId(input.random ?? webCryptoRandom)
  const payload = JSON.stringify(buildWebhookEvent({ ...input, id }))
  const incidentId = typeof input.data.incidentId === 'string' ? input.data.incidentId : null
  return { id, tenantId: input.tenantId, type: input.type, payload, now: input.now, incidentId }
}

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

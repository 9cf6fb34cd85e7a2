import type { Database } from '../store/database.js'
import type { OutboxStatus, WebhookOutboxStore } from '../store/ports/webhook-outbox-store.js'
import {
  createSqliteOutboxLister,
  sqliteRedelivery,
} from '../store/sqlite/sqlite-webhook-outbox-store.js'

export const EVENT_STATUSES = ['pending', 'delivered', 'failed'] as const satisfies OutboxStatus[]
export type EventStatus = OutboxStatus

/** An outbox row as admins see it: delivery state, not the payload. */
export interface WebhookEventView {
  id: string
  type: string
  status: EventStatus
  createdAt: string
  attempts: number
  nextAttemptAt: string | null
  deliveredAt: string | null
  failedAt: string | null
  lastError: string | null
}

/**
 * The tenant's events, newest first, optionally by status. A SQLite database is read through
 * its adapter (the console's webhook page, not yet on ports).
 */
export async function listWebhookEvents(
  source: Pick<WebhookOutboxStore, 'list'> | Database,
  input: { tenantId: string; status?: EventStatus; limit: number },
): Promise<WebhookEventView[]> {
  const outbox = 'list' in source ? source : createSqliteOutboxLister(source)
  const rows = await outbox.list(input)
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
  return rows.map((row) => {
    const status: EventStatus = row.deliveredAt ? 'delivered' : row.failedAt ? 'failed' : 'pending'
    return {
      id: row.id,
      type: row.type,
      status,
      createdAt: new Date(row.createdAt).toISOString(),
      attempts: row.attempts,
      nextAttemptAt: status === 'pending' ? iso(row.nextAttemptAt) : null,
      deliveredAt: iso(row.deliveredAt),
      failedAt: iso(row.failedAt),
      lastError: row.lastError,
    }
  })
}

/**
 * SQLite batch pieces for modules not yet on the outbox port (the console's webhook page);
 * routes on ports call `stores.outbox.redeliver`. Redelivery queues a settled event again (failed, or delivered and wanted once more), due
 * now. The same id is sent, so a receiver that already processed it dedupes it. An event older
 * than the retry window gets this one attempt, then fails again. Pending events are left
 * alone: one may be in flight, and it is retried anyway. These are the pieces of that write,
 * for an audited batch: the condition (the event is settled) and the UPDATE.
 */
export function redelivery(db: Database, input: { tenantId: string; id: string; now: number }) {
  return sqliteRedelivery(db, input)
}

/** Why an event was not queued: still pending, or not this tenant's. */
export async function unqueuedEventState(
  source: Pick<WebhookOutboxStore, 'hasEvent'> | Database,
  input: { tenantId: string; id: string },
): Promise<'pending' | 'not_found'> {
  const outbox = 'hasEvent' in source ? source : createSqliteOutboxLister(source)
  return (await outbox.hasEvent(input)) ? 'pending' : 'not_found'
}

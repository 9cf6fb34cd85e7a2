import { and, desc, eq, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm'
import type { Database } from '../store/database.js'
import { webhookOutbox } from '../store/schema.js'

export const EVENT_STATUSES = ['pending', 'delivered', 'failed'] as const
export type EventStatus = (typeof EVENT_STATUSES)[number]

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

const STATUS_WHERE: Record<EventStatus, SQL> = {
  pending: and(isNull(webhookOutbox.deliveredAt), isNull(webhookOutbox.failedAt))!,
  delivered: isNotNull(webhookOutbox.deliveredAt),
  failed: isNotNull(webhookOutbox.failedAt),
}

/** The tenant's events, newest first, optionally by status. */
export async function listWebhookEvents(
  db: Database,
  input: { tenantId: string; status?: EventStatus; limit: number },
): Promise<WebhookEventView[]> {
  const byTenant = eq(webhookOutbox.tenantId, input.tenantId)
  const rows = await db
    .select()
    .from(webhookOutbox)
    .where(input.status ? and(byTenant, STATUS_WHERE[input.status]) : byTenant)
    .orderBy(desc(webhookOutbox.createdAt), desc(webhookOutbox.id))
    .limit(input.limit)
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
 * Redelivery queues a settled event again (failed, or delivered and wanted once more), due
 * now. The same id is sent, so a receiver that already processed it dedupes it. An event older
 * than the retry window gets this one attempt, then fails again. Pending events are left
 * alone: one may be in flight, and it is retried anyway. These are the pieces of that write,
 * for an audited batch: the condition (the event is settled) and the UPDATE.
 */
export function redelivery(db: Database, input: { tenantId: string; id: string; now: number }) {
  const settled = and(
    eq(webhookOutbox.id, input.id),
    eq(webhookOutbox.tenantId, input.tenantId),
    or(isNotNull(webhookOutbox.deliveredAt), isNotNull(webhookOutbox.failedAt)),
  )
  return {
    settled: sql`exists (select 1 from ${webhookOutbox} where ${settled})`,
    update: db
      .update(webhookOutbox)
      .set({ deliveredAt: null, failedAt: null, nextAttemptAt: input.now })
      .where(settled),
  }
}

/** Why an event was not queued: still pending, or not this tenant's. */
export async function unqueuedEventState(
  db: Database,
  input: { tenantId: string; id: string },
): Promise<'pending' | 'not_found'> {
  const mine = and(eq(webhookOutbox.id, input.id), eq(webhookOutbox.tenantId, input.tenantId))
  const exists = await db.select({ id: webhookOutbox.id }).from(webhookOutbox).where(mine)
  return exists.length === 1 ? 'pending' : 'not_found'
}

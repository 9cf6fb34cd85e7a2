import { and, asc, eq, isNull, lte } from 'drizzle-orm'
import type { Database } from '../database.js'
import { settlementColumns, type OutboxDelivery } from '../ports/webhook-outbox-store.js'
import { webhookOutbox as o, webhooks } from '../schema.js'

/** Delivery passes on SQLite and D1: due rows, compare-and-swap claims, settlements. */
export function createSqliteOutboxDelivery(db: Database): OutboxDelivery {
  return {
    due: (now, limit) =>
      db
        .select()
        .from(o)
        .where(and(isNull(o.deliveredAt), isNull(o.failedAt), lte(o.nextAttemptAt, now)))
        .orderBy(asc(o.nextAttemptAt))
        .limit(limit),
    async claim(row, leaseUntil) {
      // Compare-and-swap on (attempts, next_attempt_at): of two workers that read the same
      // due row, exactly one moves it, so one attempt is sent once.
      const claimed = await db
        .update(o)
        .set({ attempts: row.attempts + 1, nextAttemptAt: leaseUntil })
        .where(
          and(
            eq(o.id, row.id),
            eq(o.attempts, row.attempts),
            eq(o.nextAttemptAt, row.nextAttemptAt),
            isNull(o.deliveredAt),
            isNull(o.failedAt),
          ),
        )
        .returning({ attempts: o.attempts })
      return claimed[0]?.attempts ?? null
    },
    async settle(row, outcome) {
      // Keyed on the claimed attempt: a worker whose lease ran out cannot overwrite a newer one.
      const rows = await db
        .update(o)
        .set(settlementColumns(outcome))
        .where(and(eq(o.id, row.id), eq(o.attempts, row.attempts)))
        .returning({ id: o.id })
      return rows.length === 1
    },
    async endpoint(tenantId) {
      const rows = await db.select().from(webhooks).where(eq(webhooks.tenantId, tenantId)).limit(1)
      return rows[0] ?? null
    },
  }
}

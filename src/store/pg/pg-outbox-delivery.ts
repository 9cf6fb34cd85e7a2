import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm'
import type { PgDatabase } from '../pg-driver-node.js'
import { settlementColumns, type OutboxDelivery } from '../ports/webhook-outbox-store.js'
import { webhookOutbox as o, webhooks } from '../pg-schema.js'

/**
 * Delivery passes on PostgreSQL. A claim locks the row it moves with `FOR UPDATE SKIP LOCKED`
 * and re-checks the attempt it was read at: a second instance claiming the same row at the
 * same moment skips it at once instead of queueing behind the lock, and one arriving after the
 * first committed finds the attempt moved on. The new next_attempt_at is the lease.
 */
export function createPgOutboxDelivery(db: PgDatabase): OutboxDelivery {
  return {
    due: (now, limit) =>
      db
        .select()
        .from(o)
        .where(and(isNull(o.deliveredAt), isNull(o.failedAt), lte(o.nextAttemptAt, now)))
        .orderBy(asc(o.nextAttemptAt))
        .limit(limit),
    async claim(row, leaseUntil) {
      const unclaimed = db
        .select({ id: o.id })
        .from(o)
        .where(
          and(
            eq(o.id, row.id),
            eq(o.attempts, row.attempts),
            eq(o.nextAttemptAt, row.nextAttemptAt),
            isNull(o.deliveredAt),
            isNull(o.failedAt),
          ),
        )
        .for('update', { skipLocked: true })
      const claimed = await db
        .update(o)
        .set({ attempts: sql`${o.attempts} + 1`, nextAttemptAt: leaseUntil })
        // The lock holder's WHERE is re-read after the lock: attempts must still be ours.
        .where(and(sql`${o.id} in (${unclaimed})`, eq(o.attempts, row.attempts)))
        .returning({ attempts: o.attempts })
      return claimed[0]?.attempts ?? null
    },
    async settle(row, outcome) {
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

import { and, asc, eq, isNull, lte } from 'drizzle-orm'
import type { Database } from '../database.js'
import type { BatchItem } from 'drizzle-orm/batch'
import {
  settlementColumns,
  type OutboxDelivery,
  type WebhookEndpointRow,
} from '../ports/webhook-outbox-store.js'
import { webhookOutbox as o, webhooks } from '../schema.js'

/** A tenant's endpoint on a bare SQLite database. */
export async function sqliteFindWebhook(db: Database, tenantId: string) {
  const rows = await db.select().from(webhooks).where(eq(webhooks.tenantId, tenantId)).limit(1)
  return rows[0] ?? null
}

/** The endpoint upsert as a batch item (for callers building their own audited batch). */
export function sqliteWebhookUpsert(db: Database, row: WebhookEndpointRow): BatchItem<'sqlite'> {
  const { url, sealedSecret, updatedAt } = row
  return db.insert(webhooks).values(row).onConflictDoUpdate({
    target: webhooks.tenantId,
    set: { url, sealedSecret, updatedAt },
  }) as unknown as BatchItem<'sqlite'>
}

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
    endpoint: (tenantId) => sqliteFindWebhook(db, tenantId),
  }
}

import { and, desc, eq, isNotNull, isNull, or, sql } from 'drizzle-orm'
import type { KeyedHash } from '../../crypto/keyed-hash.js'
import type { Database, StoreDriver } from '../database.js'
import type { OutboxStatus, WebhookOutboxStore } from '../ports/webhook-outbox-store.js'
import { webhookOutbox as o, webhooks } from '../schema.js'
import { createSqliteOutboxDelivery, sqliteWebhookUpsert } from './sqlite-outbox-delivery.js'
import { sqliteWriteAudited } from './sqlite-audited-write.js'

const STATUS_WHERE = {
  pending: and(isNull(o.deliveredAt), isNull(o.failedAt)),
  delivered: isNotNull(o.deliveredAt),
  failed: isNotNull(o.failedAt),
} satisfies Record<OutboxStatus, unknown>

/** Redelivery as SQLite batch pieces: the condition (the event is settled) and the UPDATE. */
export function sqliteRedelivery(
  db: Database,
  input: { tenantId: string; id: string; now: number },
) {
  const settled = and(
    eq(o.id, input.id),
    eq(o.tenantId, input.tenantId),
    or(isNotNull(o.deliveredAt), isNotNull(o.failedAt)),
  )
  return {
    settled: sql`exists (select 1 from ${o} where ${settled})`,
    update: db
      .update(o)
      .set({ deliveredAt: null, failedAt: null, nextAttemptAt: input.now })
      .where(settled),
  }
}

/** Lists events on a bare SQLite database (for callers that hold only `db`). */
export function createSqliteOutboxLister(
  db: Database,
): Pick<WebhookOutboxStore, 'list' | 'hasEvent'> {
  return {
    async hasEvent({ tenantId, id }) {
      const rows = await db
        .select({ id: o.id })
        .from(o)
        .where(and(eq(o.id, id), eq(o.tenantId, tenantId)))
      return rows.length === 1
    },
    list: ({ tenantId, status, limit }) =>
      db
        .select()
        .from(o)
        .where(and(eq(o.tenantId, tenantId), status ? STATUS_WHERE[status] : undefined))
        .orderBy(desc(o.createdAt), desc(o.id))
        .limit(limit),
  }
}

/** The webhook outbox and endpoints on SQLite and D1; audited writes are one batch each. */
export function createSqliteWebhookOutboxStore(
  driver: StoreDriver,
  key: KeyedHash,
): WebhookOutboxStore {
  const { db } = driver
  const delivery = createSqliteOutboxDelivery(db)
  const endpointExists = (tenantId: string) =>
    sql`exists (select 1 from ${webhooks} where ${webhooks.tenantId} = ${tenantId})`
  return {
    ...delivery,
    async enqueue(event) {
      const select = sql`select ${event.id}, ${event.tenantId}, ${event.type}, ${event.payload},
        ${event.now}, 0, ${event.now}, null, null, null, ${event.incidentId}
        where ${endpointExists(event.tenantId)}`
      const rows = await db.insert(o).select(select).onConflictDoNothing().returning({ id: o.id })
      return rows.length === 1
    },
    ...createSqliteOutboxLister(db),
    async redeliver(event, entry) {
      const { settled: onlyIf, update } = sqliteRedelivery(db, event)
      // Logged only if the event is settled, checked in the batch that re-queues it.
      return (await sqliteWriteAudited(driver, key, entry, { onlyIf, after: [update] })) !== null
    },
    async putEndpoint(row, entry) {
      const existing = await delivery.endpoint(row.tenantId)
      await sqliteWriteAudited(driver, key, entry, { before: [sqliteWebhookUpsert(db, row)] })
      return { created: existing === null }
    },
    async removeEndpoint(tenantId, entry) {
      const remove = db.delete(webhooks).where(eq(webhooks.tenantId, tenantId))
      const onlyIf = endpointExists(tenantId)
      return (await sqliteWriteAudited(driver, key, entry, { onlyIf, after: [remove] })) !== null
    },
  }
}

import { and, desc, eq, isNotNull, isNull, or, sql } from 'drizzle-orm'
import type { KeyedHash } from '../../crypto/keyed-hash.js'
import type { PgDatabase } from '../pg-driver-node.js'
import type {
  OutboxEvent,
  OutboxStatus,
  WebhookOutboxStore,
} from '../ports/webhook-outbox-store.js'
import { webhookOutbox as o, webhooks } from '../pg-schema.js'
import { createPgOutboxDelivery } from './pg-outbox-delivery.js'
import { pgWriteAudited, type PgTx } from './pg-audited-write.js'

const STATUS_WHERE = {
  pending: and(isNull(o.deliveredAt), isNull(o.failedAt)),
  delivered: isNotNull(o.deliveredAt),
  failed: isNotNull(o.failedAt),
} satisfies Record<OutboxStatus, unknown>

/**
 * Queues an event on `db` or inside a transaction (the change it reports runs in the same
 * one): written only while the tenant has an endpoint, and only once per id.
 */
export async function pgOutboxInsert(db: PgDatabase | PgTx, event: OutboxEvent) {
  const { id, tenantId, type, payload, now, incidentId } = event
  const rows = await db
    .insert(o)
    .select(
      sql`select ${id}::text, ${tenantId}::text, ${type}::text, ${payload}::text, ${now}::bigint,
        0, ${now}::bigint, null::bigint, null::text, null::bigint, ${incidentId}::text
        where exists (select 1 from ${webhooks} where ${webhooks.tenantId} = ${tenantId}::text)`,
    )
    .onConflictDoNothing()
    .returning({ id: o.id })
  return rows.length === 1
}

/** The webhook outbox and endpoints on PostgreSQL; audited writes are one transaction each. */
export function createPgWebhookOutboxStore(db: PgDatabase, key: KeyedHash): WebhookOutboxStore {
  const delivery = createPgOutboxDelivery(db)
  return {
    ...delivery,
    enqueue: (event) => pgOutboxInsert(db, event),
    list: ({ tenantId, status, limit }) =>
      db
        .select()
        .from(o)
        .where(and(eq(o.tenantId, tenantId), status ? STATUS_WHERE[status] : undefined))
        .orderBy(desc(o.createdAt), desc(o.id))
        .limit(limit),
    async redeliver({ tenantId, id, now }, entry) {
      const settled = and(
        eq(o.id, id),
        eq(o.tenantId, tenantId),
        or(isNotNull(o.deliveredAt), isNotNull(o.failedAt)),
      )
      const written = await pgWriteAudited(db, key, entry, async (tx) => {
        const rows = await tx
          .update(o)
          .set({ deliveredAt: null, failedAt: null, nextAttemptAt: now })
          .where(settled)
          .returning({ id: o.id })
        return rows.length === 1 ? true : null
      })
      return written !== null
    },
    async hasEvent({ tenantId, id }) {
      const rows = await db
        .select({ id: o.id })
        .from(o)
        .where(and(eq(o.id, id), eq(o.tenantId, tenantId)))
      return rows.length === 1
    },
    async putEndpoint(row, entry) {
      const { url, sealedSecret, updatedAt } = row
      const written = await pgWriteAudited(db, key, entry, async (tx) => {
        // xmax = 0 only on a freshly inserted row version: created, not replaced.
        const rows = await tx
          .insert(webhooks)
          .values(row)
          .onConflictDoUpdate({ target: webhooks.tenantId, set: { url, sealedSecret, updatedAt } })
          .returning({ created: sql<boolean>`(xmax = 0)` })
        return { created: rows[0]?.created === true }
      })
      return written!.result
    },
    async removeEndpoint(tenantId, entry) {
      const written = await pgWriteAudited(db, key, entry, async (tx) => {
        const rows = await tx
          .delete(webhooks)
          .where(eq(webhooks.tenantId, tenantId))
          .returning({ tenantId: webhooks.tenantId })
        return rows.length === 1 ? true : null
      })
      return written !== null
    },
  }
}

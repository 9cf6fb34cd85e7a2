import { and, count, isNull } from 'drizzle-orm'
import type { PgDatabase } from '../store/pg-driver-node.js'
import { webhookOutbox } from '../store/pg-schema.js'

/**
 * The /metrics outbox backlog on PostgreSQL, the twin of outbox-backlog.ts: both go once the
 * webhook outbox port grows a `backlog()`.
 */
export function pgOutboxBacklog(db: PgDatabase): () => Promise<number> {
  return async () => {
    const [row] = await db
      .select({ pending: count() })
      .from(webhookOutbox)
      .where(and(isNull(webhookOutbox.deliveredAt), isNull(webhookOutbox.failedAt)))
    return row?.pending ?? 0
  }
}

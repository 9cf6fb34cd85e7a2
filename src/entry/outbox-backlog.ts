import { and, count, isNull } from 'drizzle-orm'
import type { Database } from '../store/database.js'
import { webhookOutbox } from '../store/schema.js'

/**
 * Webhook events still to deliver, for the /metrics backlog gauge: one count over the
 * `webhook_outbox_due` index per scrape. Lives with the wiring until the webhook outbox port
 * grows a `backlog()` of its own.
 */
export function outboxBacklog(db: Database): () => Promise<number> {
  return async () => {
    const [row] = await db
      .select({ pending: count() })
      .from(webhookOutbox)
      .where(and(isNull(webhookOutbox.deliveredAt), isNull(webhookOutbox.failedAt)))
    return row?.pending ?? 0
  }
}

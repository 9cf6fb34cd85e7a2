import type { ConsoleQueryStore } from '../store/ports/console-query-store.js'

/**
 * Webhook events still to deliver, for the /metrics backlog gauge: one count over the
 * `webhook_outbox_due` index per scrape, on whichever database the stores run.
 */
export function outboxBacklog(
  queries: Pick<ConsoleQueryStore, 'outboxBacklog'>,
): () => Promise<number> {
  return () => queries.outboxBacklog()
}

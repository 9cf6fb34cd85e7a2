import type { OutboxStatus, WebhookOutboxStore } from '../store/ports/webhook-outbox-store.js'

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

/** The tenant's events, newest first, optionally by status. */
export async function listWebhookEvents(
  outbox: Pick<WebhookOutboxStore, 'list'>,
  input: { tenantId: string; status?: EventStatus; limit: number },
): Promise<WebhookEventView[]> {
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

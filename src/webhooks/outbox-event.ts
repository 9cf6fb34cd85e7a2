import type { SQL } from 'drizzle-orm'
import { webCryptoRandom, type Random } from '../ports/random.js'
import type { OutboxEvent } from '../store/ports/webhook-outbox-store.js'
import { buildWebhookEvent, newEventId, type WebhookEventType } from './webhook-events.js'

export interface OutboxEventInput {
  tenantId: string
  type: WebhookEventType
  /** Ids and counts only: never a password, hash, token or e-mail. */
  data: Record<string, unknown>
  now: number
  /** The event id (idempotency key); a random `evt_…` when omitted. */
  id?: string
  random?: Random
  /**
   * Extra SQL condition: the row is written only if it holds when the batch runs, e.g. "the
   * account now has the new hash" right after a compare-and-swap update in the same batch.
   */
  onlyIf?: SQL
}

/** The row an event is queued as, for `stores.outbox.enqueue` or a PostgreSQL transaction. */
export function outboxEvent(input: Omit<OutboxEventInput, 'onlyIf'>): OutboxEvent {
  const id = input.id ?? newEventId(input.random ?? webCryptoRandom)
  const payload = JSON.stringify(buildWebhookEvent({ ...input, id }))
  const incidentId = typeof input.data.incidentId === 'string' ? input.data.incidentId : null
  return { id, tenantId: input.tenantId, type: input.type, payload, now: input.now, incidentId }
}

import { toBase64Url, type Random } from '../ports/random.js'

/** The events pwguard sends. Receivers should ignore types they do not know. */
export const WEBHOOK_EVENT_TYPES = [
  'incident.created',
  'account.exposed',
  'account.reset_required',
  'account.password_changed',
  'account.password_breached',
  'tenant.breach_digest',
] as const

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number]

/** The JSON body of every delivery; `id` is the receiver's idempotency key (also `Webhook-Id`). */
export interface WebhookEvent {
  id: string
  type: WebhookEventType
  /** ISO 8601, when the change happened (not when it was delivered). */
  createdAt: string
  tenantId: string
  data: Record<string, unknown>
}

/** A random event id: `evt_` and 128 random bits, URL-safe. */
export function newEventId(random: Random): string {
  return `evt_${toBase64Url(random.bytes(16))}`
}

/** Builds the payload; `data` must carry ids and counts only, never a password or an e-mail. */
export function buildWebhookEvent(input: {
  id: string
  tenantId: string
  type: WebhookEventType
  data: Record<string, unknown>
  now: number
}): WebhookEvent {
  return {
    id: input.id,
    type: input.type,
    createdAt: new Date(input.now).toISOString(),
    tenantId: input.tenantId,
    data: input.data,
  }
}

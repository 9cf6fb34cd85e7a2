import type { WebhookEndpointRow } from '../store/ports/webhook-outbox-store.js'
import type { SecretSealer } from './webhook-secret-sealer.js'

export type WebhookRow = WebhookEndpointRow

/** A tenant's endpoint as admins see it: never the secret. */
export interface WebhookView {
  url: string
  createdAt: string
  updatedAt: string
}

/** The row an endpoint is stored as: the secret sealed before it reaches the row. */
export async function webhookRow(
  sealer: SecretSealer,
  input: { tenantId: string; url: string; secret: string; now: number },
): Promise<WebhookRow> {
  const sealedSecret = await sealer.seal(input.tenantId, input.secret)
  const { tenantId, url, now } = input
  return { tenantId, url, sealedSecret, createdAt: now, updatedAt: now }
}

export function toWebhookView(row: WebhookRow): WebhookView {
  return {
    url: row.url,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  }
}

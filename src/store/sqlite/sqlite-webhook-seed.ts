import type { SecretSealer } from '../../webhooks/webhook-secret-sealer.js'
import { toWebhookView, webhookRow, type WebhookView } from '../../webhooks/webhook-store.js'
import type { Database } from '../database.js'
import { sqliteFindWebhook, sqliteWebhookUpsert } from './sqlite-outbox-delivery.js'

/**
 * Creates or replaces the tenant's endpoint on a bare SQLite database, unaudited: for tests and
 * seeding scripts. The routes call `stores.outbox.putEndpoint` with the audit entry instead.
 */
export async function putWebhook(
  db: Database,
  sealer: SecretSealer,
  input: { tenantId: string; url: string; secret: string; now: number },
): Promise<{ created: boolean; view: WebhookView }> {
  const existing = await sqliteFindWebhook(db, input.tenantId)
  await sqliteWebhookUpsert(db, await webhookRow(sealer, input))
  return {
    created: existing === null,
    view: toWebhookView((await sqliteFindWebhook(db, input.tenantId))!),
  }
}

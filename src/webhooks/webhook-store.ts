import type { BatchItem } from 'drizzle-orm/batch'
import type { Database } from '../store/database.js'
import type { WebhookEndpointRow } from '../store/ports/webhook-outbox-store.js'
import { sqliteFindWebhook, sqliteWebhookUpsert } from '../store/sqlite/sqlite-outbox-delivery.js'
import type { SecretSealer } from './webhook-secret-sealer.js'

export type WebhookRow = WebhookEndpointRow

/** A tenant's endpoint as admins see it: never the secret. */
export interface WebhookView {
  url: string
  createdAt: string
  updatedAt: string
}

/**
 * The tenant's endpoint on a bare SQLite `db`, for modules not yet on ports (exposure batches,
 * the console's webhook page); the rest call `stores.outbox.endpoint`.
 */
export function findWebhook(db: Database, tenantId: string): Promise<WebhookRow | null> {
  return sqliteFindWebhook(db, tenantId)
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

/**
 * Creates or replaces the tenant's endpoint, unaudited (scripts and tests); the routes call
 * `stores.outbox.putEndpoint` with the audit entry instead.
 */
export async function putWebhook(
  db: Database,
  sealer: SecretSealer,
  input: { tenantId: string; url: string; secret: string; now: number },
): Promise<{ created: boolean; view: WebhookView }> {
  const existing = await findWebhook(db, input.tenantId)
  const { statement } = await webhookUpsert(db, sealer, input)
  // A drizzle builder runs when awaited.
  await (statement as unknown as Promise<unknown>)
  return {
    created: existing === null,
    view: toWebhookView((await findWebhook(db, input.tenantId))!),
  }
}

/**
 * The upsert as a SQLite batch item, for callers building their own audited batch (the
 * console's webhook page). Wrapped in an object: a query builder is thenable.
 */
export async function webhookUpsert(
  db: Database,
  sealer: SecretSealer,
  input: { tenantId: string; url: string; secret: string; now: number },
): Promise<{ statement: BatchItem<'sqlite'> }> {
  return { statement: sqliteWebhookUpsert(db, await webhookRow(sealer, input)) }
}

export function toWebhookView(row: WebhookRow): WebhookView {
  return {
    url: row.url,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  }
}

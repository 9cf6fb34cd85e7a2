import { eq, sql, type SQL } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Database } from '../store/database.js'
import { webhooks } from '../store/schema.js'
import type { SecretSealer } from './webhook-secret-sealer.js'

export type WebhookRow = typeof webhooks.$inferSelect

/** A tenant's endpoint as admins see it: never the secret. */
export interface WebhookView {
  url: string
  createdAt: string
  updatedAt: string
}

export async function findWebhook(db: Database, tenantId: string): Promise<WebhookRow | null> {
  const rows = await db.select().from(webhooks).where(eq(webhooks.tenantId, tenantId)).limit(1)
  return rows[0] ?? null
}

/**
 * Creates or replaces the tenant's endpoint, unaudited (scripts and tests); the route writes
 * `webhookUpsert` in an audited batch instead. The secret is sealed before it reaches the row.
 */
export async function putWebhook(
  db: Database,
  sealer: SecretSealer,
  input: { tenantId: string; url: string; secret: string; now: number },
): Promise<{ created: boolean; view: WebhookView }> {
  const existing = await findWebhook(db, input.tenantId)
  const { statement } = await webhookUpsert(db, sealer, input)
  await (statement as unknown as Promise<unknown>)
  return {
    created: existing === null,
    view: toWebhookView((await findWebhook(db, input.tenantId))!),
  }
}

/**
 * The upsert `putWebhook` runs, as a statement for the caller's audited batch. Wrapped in an
 * object: a query builder is thenable, so returning it bare from an async function would run it.
 */
export async function webhookUpsert(
  db: Database,
  sealer: SecretSealer,
  input: { tenantId: string; url: string; secret: string; now: number },
): Promise<{ statement: BatchItem<'sqlite'> }> {
  const sealedSecret = await sealer.seal(input.tenantId, input.secret)
  const statement = db
    .insert(webhooks)
    .values({
      tenantId: input.tenantId,
      url: input.url,
      sealedSecret,
      createdAt: input.now,
      updatedAt: input.now,
    })
    .onConflictDoUpdate({
      target: webhooks.tenantId,
      set: { url: input.url, sealedSecret, updatedAt: input.now },
    })
  return { statement: statement as unknown as BatchItem<'sqlite'> }
}

/** True while the tenant has an endpoint: the condition its audited delete is logged under. */
export function webhookExists(tenantId: string): SQL {
  return sql`exists (select 1 from ${webhooks} where ${webhooks.tenantId} = ${tenantId})`
}

/** The DELETE removing the endpoint; pending events then fail at their next attempt. */
export function webhookDelete(db: Database, tenantId: string) {
  return db.delete(webhooks).where(eq(webhooks.tenantId, tenantId))
}

export function toWebhookView(row: WebhookRow): WebhookView {
  return {
    url: row.url,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  }
}

import { eq } from 'drizzle-orm'
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

/** Creates or replaces the tenant's endpoint; the secret is sealed before it reaches the row. */
export async function putWebhook(
  db: Database,
  sealer: SecretSealer,
  input: { tenantId: string; url: string; secret: string; now: number },
): Promise<{ created: boolean; view: WebhookView }> {
  const sealedSecret = await sealer.seal(input.tenantId, input.secret)
  const existing = await findWebhook(db, input.tenantId)
  const rows = await db
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
    .returning()
  return { created: existing === null, view: toWebhookView(rows[0]!) }
}

/** Removes the endpoint; pending events of the tenant then fail at their next attempt. */
export async function deleteWebhook(db: Database, tenantId: string): Promise<boolean> {
  const rows = await db
    .delete(webhooks)
    .where(eq(webhooks.tenantId, tenantId))
    .returning({ tenantId: webhooks.tenantId })
  return rows.length === 1
}

export function toWebhookView(row: WebhookRow): WebhookView {
  return {
    url: row.url,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  }
}

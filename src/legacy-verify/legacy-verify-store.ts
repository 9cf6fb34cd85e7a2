import { eq, sql, type SQL } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Database } from '../store/database.js'
import { legacyVerifyEndpoints } from '../store/schema.js'
import type { SecretSealer } from '../webhooks/webhook-secret-sealer.js'

export type LegacyVerifyRow = typeof legacyVerifyEndpoints.$inferSelect

/** Default and ceiling for the hook's timeout: a login is waiting on it. */
export const DEFAULT_LEGACY_TIMEOUT_MS = 5_000
export const MAX_LEGACY_TIMEOUT_MS = 10_000

/** The config as admins see it: never the secret. */
export interface LegacyVerifyView {
  url: string
  timeoutMs: number
  createdAt: string
  updatedAt: string
}

/**
 * Sealing context: the tenant id plus a purpose, so a sealed webhook secret copied into this
 * table (or the reverse) does not open.
 */
export const legacySealContext = (tenantId: string) => `legacy-verify:${tenantId}`

export async function findLegacyVerify(db: Database, tenantId: string) {
  const rows = await db
    .select()
    .from(legacyVerifyEndpoints)
    .where(eq(legacyVerifyEndpoints.tenantId, tenantId))
    .limit(1)
  return rows[0] ?? null
}

/** The upsert for a tenant's endpoint (to batch with its audit entry); the secret is sealed. */
export async function legacyVerifyUpsert(
  db: Database,
  sealer: SecretSealer,
  input: { tenantId: string; url: string; secret: string; timeoutMs: number; now: number },
) {
  const sealedSecret = await sealer.seal(legacySealContext(input.tenantId), input.secret)
  const { url, timeoutMs, now } = input
  // Wrapped: a drizzle builder is thenable, so returning it bare from an async function runs it.
  const statement = db
    .insert(legacyVerifyEndpoints)
    .values({
      tenantId: input.tenantId,
      url,
      sealedSecret,
      timeoutMs,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: legacyVerifyEndpoints.tenantId,
      set: { url, sealedSecret, timeoutMs, updatedAt: now },
    })
  return { statement: statement as unknown as BatchItem<'sqlite'> }
}

/** The DELETE removing the endpoint, to batch with its audit entry. */
export function legacyVerifyDelete(db: Database, tenantId: string): BatchItem<'sqlite'> {
  return db
    .delete(legacyVerifyEndpoints)
    .where(eq(legacyVerifyEndpoints.tenantId, tenantId)) as unknown as BatchItem<'sqlite'>
}

export function toLegacyVerifyView(row: LegacyVerifyRow): LegacyVerifyView {
  return {
    url: row.url,
    timeoutMs: row.timeoutMs,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  }
}

/** True while the tenant has an endpoint: the condition its audited delete is logged under. */
export function legacyVerifyExists(tenantId: string): SQL {
  return sql`exists (select 1 from ${legacyVerifyEndpoints} where ${legacyVerifyEndpoints.tenantId} = ${tenantId})`
}

import { and, eq } from 'drizzle-orm'
import type { Database } from '../store/database.js'
import { accountExposures } from '../store/schema.js'

/**
 * The incidents that exposed this account, oldest first, read from SQLite directly: only for
 * the console's `toAccountView` until it moves onto store ports (`AccountStore.listExposures`).
 */
export async function listAccountExposures(db: Database, tenantId: string, externalId: string) {
  const rows = await db
    .select({
      incidentId: accountExposures.incidentId,
      passwordMatch: accountExposures.passwordMatch,
    })
    .from(accountExposures)
    .where(
      and(eq(accountExposures.tenantId, tenantId), eq(accountExposures.externalId, externalId)),
    )
    .orderBy(accountExposures.createdAt)
  return rows
}

import { and, eq } from 'drizzle-orm'
import type { Database } from '../database.js'
import type { AccountExposure, AccountKey } from '../ports/account-store.js'
import { accountExposures } from '../schema.js'

/** The incidents that exposed this account, oldest first (SQLite and D1). */
export function sqliteAccountExposures(db: Database, key: AccountKey): Promise<AccountExposure[]> {
  return db
    .select({
      incidentId: accountExposures.incidentId,
      passwordMatch: accountExposures.passwordMatch,
    })
    .from(accountExposures)
    .where(
      and(
        eq(accountExposures.tenantId, key.tenantId),
        eq(accountExposures.externalId, key.externalId),
      ),
    )
    .orderBy(accountExposures.createdAt)
}

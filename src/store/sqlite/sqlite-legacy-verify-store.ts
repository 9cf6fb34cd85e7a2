import { eq, sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { KeyedHash } from '../../crypto/keyed-hash.js'
import type { Database, StoreDriver } from '../database.js'
import type { LegacyVerifyRow, LegacyVerifyStore } from '../ports/legacy-verify-store.js'
import { legacyVerifyEndpoints as l } from '../schema.js'
import { sqliteWriteAudited } from './sqlite-audited-write.js'

/** The upsert as a batch item (also for callers still building their own SQLite batch). */
export function sqliteLegacyVerifyUpsert(db: Database, row: LegacyVerifyRow): BatchItem<'sqlite'> {
  const { url, sealedSecret, timeoutMs, updatedAt } = row
  return db.insert(l).values(row).onConflictDoUpdate({
    target: l.tenantId,
    set: { url, sealedSecret, timeoutMs, updatedAt },
  }) as unknown as BatchItem<'sqlite'>
}

/** The DELETE as a batch item, and the condition "there is one" its entry is logged under. */
export function sqliteLegacyVerifyRemoval(db: Database, tenantId: string) {
  return {
    exists: sql`exists (select 1 from ${l} where ${l.tenantId} = ${tenantId})`,
    remove: db.delete(l).where(eq(l.tenantId, tenantId)) as unknown as BatchItem<'sqlite'>,
  }
}

/** Reads the endpoint on a bare SQLite database. */
export async function sqliteFindLegacyVerify(db: Database, tenantId: string) {
  const rows = await db.select().from(l).where(eq(l.tenantId, tenantId)).limit(1)
  return rows[0] ?? null
}

/** The legacy verify endpoint on SQLite and D1; audited writes are one batch each. */
export function createSqliteLegacyVerifyStore(
  driver: StoreDriver,
  key: KeyedHash,
): LegacyVerifyStore {
  const { db } = driver
  return {
    find: (tenantId) => sqliteFindLegacyVerify(db, tenantId),
    async put(row, entry) {
      const existing = await sqliteFindLegacyVerify(db, row.tenantId)
      await sqliteWriteAudited(driver, key, entry, { before: [sqliteLegacyVerifyUpsert(db, row)] })
      return { created: existing === null }
    },
    async remove(tenantId, entry) {
      const { exists, remove } = sqliteLegacyVerifyRemoval(db, tenantId)
      const logged = await sqliteWriteAudited(driver, key, entry, {
        onlyIf: exists,
        after: [remove],
      })
      return logged !== null
    },
  }
}

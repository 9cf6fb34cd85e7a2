import { eq, sql } from 'drizzle-orm'
import type { KeyedHash } from '../../crypto/keyed-hash.js'
import type { PgDatabase } from '../pg-driver-node.js'
import type { LegacyVerifyStore } from '../ports/legacy-verify-store.js'
import { legacyVerifyEndpoints as l } from '../pg-schema.js'
import { pgWriteAudited } from './pg-audited-write.js'

/** The legacy verify endpoint on PostgreSQL; audited writes are one transaction each. */
export function createPgLegacyVerifyStore(db: PgDatabase, key: KeyedHash): LegacyVerifyStore {
  return {
    async find(tenantId) {
      const rows = await db.select().from(l).where(eq(l.tenantId, tenantId)).limit(1)
      return rows[0] ?? null
    },
    async put(row, entry) {
      const { url, sealedSecret, timeoutMs, updatedAt } = row
      const written = await pgWriteAudited(db, key, entry, async (tx) => {
        // xmax = 0 only on a freshly inserted row version: created, not replaced.
        const rows = await tx
          .insert(l)
          .values(row)
          .onConflictDoUpdate({
            target: l.tenantId,
            set: { url, sealedSecret, timeoutMs, updatedAt },
          })
          .returning({ created: sql<boolean>`(xmax = 0)` })
        return { created: rows[0]?.created === true }
      })
      return written!.result
    },
    async remove(tenantId, entry) {
      const written = await pgWriteAudited(db, key, entry, async (tx) => {
        const rows = await tx
          .delete(l)
          .where(eq(l.tenantId, tenantId))
          .returning({ tenantId: l.tenantId })
        return rows.length === 1 ? true : null
      })
      return written !== null
    },
  }
}

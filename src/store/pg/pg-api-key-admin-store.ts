import { and, eq, isNull } from 'drizzle-orm'
import type { KeyedHash } from '../../crypto/keyed-hash.js'
import type { PgDatabase } from '../pg-driver-node.js'
import type { ApiKeyAdminStore } from '../ports/api-key-admin-store.js'
import { apiKeys } from '../pg-schema.js'
import { pgWriteAudited } from './pg-audited-write.js'

/** Audited key changes on PostgreSQL: the change and its entry in one transaction. */
export function createPgApiKeyAdminStore(db: PgDatabase, key: KeyedHash): ApiKeyAdminStore {
  return {
    async create(row, entry) {
      await pgWriteAudited(db, key, entry, async (tx) => {
        await tx.insert(apiKeys).values({ ...row, scopes: row.scopes.join(',') })
        return true
      })
    },
    async revoke({ tenantId, id, now }, entry) {
      const done = await pgWriteAudited(db, key, entry, async (tx) => {
        const rows = await tx
          .update(apiKeys)
          .set({ revokedAt: now })
          .where(and(eq(apiKeys.id, id), eq(apiKeys.tenantId, tenantId), isNull(apiKeys.revokedAt)))
          .returning({ id: apiKeys.id })
        // Nothing revoked: null rolls back and logs nothing.
        return rows.length > 0 ? true : null
      })
      return done !== null
    },
  }
}

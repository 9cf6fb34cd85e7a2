import { eq, like } from 'drizzle-orm'
import type { KeyedHash } from '../../crypto/keyed-hash.js'
import type { PgDatabase } from '../pg-driver-node.js'
import { BOOTSTRAP_MARKER, type BootstrapStore } from '../ports/bootstrap-store.js'
import { apiKeys, serviceMarkers } from '../pg-schema.js'
import { pgWriteAudited } from './pg-audited-write.js'

/** The bootstrap marker on PostgreSQL. */
export function createPgBootstrapStore(db: PgDatabase, key: KeyedHash): BootstrapStore {
  return {
    async marker() {
      const rows = await db
        .select()
        .from(serviceMarkers)
        .where(eq(serviceMarkers.name, BOOTSTRAP_MARKER))
        .limit(1)
      return rows[0] ? { keyId: rows[0].value, at: rows[0].at } : null
    },
    async markDone(at) {
      await db
        .insert(serviceMarkers)
        .values({ name: BOOTSTRAP_MARKER, value: null, at })
        .onConflictDoNothing()
    },
    async anyAdminKeyEver() {
      const rows = await db
        .select({ id: apiKeys.id })
        .from(apiKeys)
        .where(like(apiKeys.scopes, '%admin%'))
        .limit(1)
      return rows.length > 0
    },
    async keyState(keyHash) {
      const rows = await db
        .select({ revokedAt: apiKeys.revokedAt })
        .from(apiKeys)
        .where(eq(apiKeys.keyHash, keyHash))
        .limit(1)
      if (!rows[0]) return 'unknown'
      return rows[0].revokedAt === null ? 'active' : 'revoked'
    },
    async storeKey(row, entry) {
      const written = await pgWriteAudited(db, key, entry, async (tx) => {
        // A second instance's insert waits on the first one's uncommitted marker, then finds
        // it committed and inserts nothing: its transaction writes no key and no entry.
        const marked = await tx
          .insert(serviceMarkers)
          .values({ name: BOOTSTRAP_MARKER, value: row.id, at: row.createdAt })
          .onConflictDoNothing()
          .returning({ name: serviceMarkers.name })
        if (marked.length === 0) return null
        await tx.insert(apiKeys).values({ ...row, scopes: row.scopes.join(',') })
        return true
      })
      return written !== null
    },
  }
}

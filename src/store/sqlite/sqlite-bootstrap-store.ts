import { eq, like } from 'drizzle-orm'
import type { KeyedHash } from '../../crypto/keyed-hash.js'
import type { StoreDriver } from '../database.js'
import { BOOTSTRAP_MARKER, type BootstrapStore } from '../ports/bootstrap-store.js'
import { apiKeys, serviceMarkers } from '../schema.js'
import { sqliteWriteAudited } from './sqlite-audited-write.js'

/** The bootstrap marker on SQLite and D1. */
export function createSqliteBootstrapStore(driver: StoreDriver, key: KeyedHash): BootstrapStore {
  const { db } = driver
  const marker = async () => {
    const rows = await db
      .select()
      .from(serviceMarkers)
      .where(eq(serviceMarkers.name, BOOTSTRAP_MARKER))
      .limit(1)
    return rows[0] ? { keyId: rows[0].value, at: rows[0].at } : null
  }
  return {
    marker,
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
      // A plain marker INSERT: of two isolates bootstrapping at once, the second one's batch
      // (key and audit entry included) fails on the marker's primary key and rolls back.
      const markerInsert = db
        .insert(serviceMarkers)
        .values({ name: BOOTSTRAP_MARKER, value: row.id, at: row.createdAt })
      const keyInsert = db.insert(apiKeys).values({ ...row, scopes: row.scopes.join(',') })
      try {
        await sqliteWriteAudited(driver, key, entry, { before: [markerInsert, keyInsert] })
        return true
      } catch (error) {
        if (await marker()) return false
        throw error
      }
    },
  }
}

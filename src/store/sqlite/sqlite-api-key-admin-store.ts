import type { KeyedHash } from '../../crypto/keyed-hash.js'
import type { StoreDriver } from '../database.js'
import type { ApiKeyAdminStore } from '../ports/api-key-admin-store.js'
import { sqliteWriteAudited } from './sqlite-audited-write.js'
import { sqliteApiKeyInsert, sqliteApiKeyRevocation } from './sqlite-tenant-key-store.js'

/** Audited key changes on SQLite and D1: the change and its entry in one batch. */
export function createSqliteApiKeyAdminStore(
  driver: StoreDriver,
  key: KeyedHash,
): ApiKeyAdminStore {
  return {
    async create(row, entry) {
      await sqliteWriteAudited(driver, key, entry, { before: [sqliteApiKeyInsert(driver.db, row)] })
    },
    async revoke(input, entry) {
      const { active, update } = sqliteApiKeyRevocation(driver.db, input)
      // The condition is checked inside the batch: a key revoked meanwhile logs nothing.
      const logged = await sqliteWriteAudited(driver, key, entry, {
        onlyIf: active,
        after: [update],
      })
      return logged !== null
    },
  }
}

import type { KeyedHash } from '../../crypto/keyed-hash.js'
import type { StoreDriver } from '../database.js'
import type { AuditStore } from '../ports/audit-store.js'
import { createSqliteAuditReader } from './sqlite-audit-reader.js'
import { sqliteWriteAudited } from './sqlite-audited-write.js'

/** The audit chain on SQLite and D1. */
export function createSqliteAuditStore(driver: StoreDriver, key: KeyedHash): AuditStore {
  return {
    ...createSqliteAuditReader(driver.db),
    append: async (entry) => (await sqliteWriteAudited(driver, key, entry))!,
  }
}

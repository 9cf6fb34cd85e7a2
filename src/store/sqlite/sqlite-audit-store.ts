import { auditTail } from '../../audit/audit-insert.js'
import type { KeyedHash } from '../../crypto/keyed-hash.js'
import type { StoreDriver } from '../database.js'
import type { AuditStore } from '../ports/audit-store.js'
import { sqliteWriteAudited } from './sqlite-audited-write.js'

/** The audit chain on SQLite and D1. */
export function createSqliteAuditStore(driver: StoreDriver, key: KeyedHash): AuditStore {
  return {
    append: async (entry) => (await sqliteWriteAudited(driver, key, entry))!,
    tail: (tenantId) => auditTail(driver.db, tenantId),
  }
}

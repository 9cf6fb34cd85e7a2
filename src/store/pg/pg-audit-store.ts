import type { KeyedHash } from '../../crypto/keyed-hash.js'
import type { PgDatabase } from '../pg-driver-node.js'
import type { AuditStore } from '../ports/audit-store.js'
import { createPgAuditReader } from './pg-audit-reader.js'
import { pgAppendAudit } from './pg-audited-write.js'

/** The audit chain on PostgreSQL. */
export function createPgAuditStore(db: PgDatabase, key: KeyedHash): AuditStore {
  return {
    ...createPgAuditReader(db),
    append: (entry) => pgAppendAudit(db, key, entry),
  }
}

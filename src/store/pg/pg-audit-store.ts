import { desc, eq } from 'drizzle-orm'
import type { KeyedHash } from '../../crypto/keyed-hash.js'
import type { PgDatabase } from '../pg-driver-node.js'
import type { AuditStore } from '../ports/audit-store.js'
import { auditLog } from '../pg-schema.js'
import { pgAppendAudit } from './pg-audited-write.js'

/** The audit chain on PostgreSQL. */
export function createPgAuditStore(db: PgDatabase, key: KeyedHash): AuditStore {
  return {
    append: (entry) => pgAppendAudit(db, key, entry),
    async tail(tenantId) {
      const rows = await db
        .select({ seq: auditLog.seq, hash: auditLog.hash })
        .from(auditLog)
        .where(eq(auditLog.tenantId, tenantId))
        .orderBy(desc(auditLog.seq))
        .limit(1)
      return rows[0] ?? null
    },
  }
}

import { and, asc, desc, eq, gt, lt, sql } from 'drizzle-orm'
import { auditTail } from './sqlite-audit-insert.js'
import type { Database } from '../database.js'
import type { AuditReader } from '../ports/audit-store.js'
import { auditLog } from '../schema.js'

/** Reads the audit chain on SQLite and D1 (pages by the (tenant, seq) primary key). */
export function createSqliteAuditReader(db: Database): AuditReader {
  return {
    tail: (tenantId) => auditTail(db, tenantId),
    async head(tenantId) {
      const rows = await db
        .select()
        .from(auditLog)
        .where(eq(auditLog.tenantId, tenantId))
        .orderBy(desc(auditLog.seq))
        .limit(1)
      return rows[0] ?? null
    },
    async page(query) {
      const cursor =
        query.order === 'asc'
          ? gt(auditLog.seq, query.after ?? 0)
          : query.before === undefined
            ? undefined
            : lt(auditLog.seq, query.before)
      return db
        .select()
        .from(auditLog)
        .where(
          and(
            eq(auditLog.tenantId, query.tenantId),
            cursor,
            // instr, not LIKE: the filter is a plain substring, so `%` and `_` match themselves.
            query.actionContains
              ? sql`instr(${auditLog.action}, ${query.actionContains}) > 0`
              : undefined,
            query.actor === undefined ? undefined : eq(auditLog.actor, query.actor),
          ),
        )
        .orderBy(query.order === 'asc' ? asc(auditLog.seq) : desc(auditLog.seq))
        .limit(query.limit)
    },
    async tenants() {
      const rows = await db
        .selectDistinct({ tenantId: auditLog.tenantId })
        .from(auditLog)
        .orderBy(asc(auditLog.tenantId))
      return rows.map((row) => row.tenantId)
    },
  }
}

import { and, desc, eq, gte, lt, sql, type AnyColumn, type SQL } from 'drizzle-orm'
import type { Database } from '../../store/database.js'
import { auditLog } from '../../store/schema.js'

export interface AuditFilters {
  /** Substring of the action (`incident.`, `reset`). */
  action: string
  /** Substring of the actor (`console:`, a key id). */
  actor: string
  /** UTC day, `YYYY-MM-DD`, inclusive; '' for no bound. */
  from: string
  to: string
  /** Entries older than this seq (the cursor); null for the newest page. */
  before: number | null
}

const DAY_MS = 86_400_000

/** Reads filters from a query string, bounded: nothing unparsed reaches SQL. */
export function parseAuditFilters(query: (name: string) => string | undefined): AuditFilters {
  const day = (value: string | undefined) => (/^\d{4}-\d{2}-\d{2}$/.test(value ?? '') ? value! : '')
  const before = Number(query('before'))
  return {
    action: (query('action') ?? '').slice(0, 64),
    actor: (query('actor') ?? '').slice(0, 128),
    from: day(query('from')),
    to: day(query('to')),
    before: Number.isSafeInteger(before) && before > 0 ? before : null,
  }
}

/**
 * One page of the tenant's chain, newest first, filtered in SQL and paged by seq (the primary
 * key's second column), so a page costs the same at entry 10 and at entry 10 million.
 * `next` is the cursor of the following (older) page, or null on the last one.
 */
export async function readAuditPage(
  db: Database,
  tenantId: string,
  filters: AuditFilters,
  limit: number,
) {
  // An explicit ESCAPE: SQLite's LIKE has no escape character unless told (PostgreSQL's is \).
  const contains = (column: AnyColumn, text: string) =>
    sql`${column} like ${`%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`} escape '\\'`
  const conditions: (SQL | undefined)[] = [
    eq(auditLog.tenantId, tenantId),
    filters.action ? contains(auditLog.action, filters.action) : undefined,
    filters.actor ? contains(auditLog.actor, filters.actor) : undefined,
    filters.from ? gte(auditLog.at, Date.parse(`${filters.from}T00:00:00Z`)) : undefined,
    filters.to ? lt(auditLog.at, Date.parse(`${filters.to}T00:00:00Z`) + DAY_MS) : undefined,
    filters.before !== null ? lt(auditLog.seq, filters.before) : undefined,
  ]
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.seq))
    .limit(limit + 1)
  const page = rows.slice(0, limit)
  const next = rows.length > limit ? (page.at(-1)?.seq ?? null) : null
  return { rows: page, next }
}

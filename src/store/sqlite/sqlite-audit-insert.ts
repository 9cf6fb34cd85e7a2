import { desc, eq, sql, type SQL } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import { auditEntryMac, GENESIS_HASH } from '../../audit/audit-hash.js'
import type { CheckedAuditEntry } from '../../audit/audit-insert.js'
import type { KeyedHash } from '../../crypto/keyed-hash.js'
import type { Database } from '../database.js'
import { auditLog } from '../schema.js'

/** The tenant's newest entry (seq and link), or null for an empty chain. */
export async function auditTail(db: Database, tenantId: string) {
  const rows = await db
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .where(eq(auditLog.tenantId, tenantId))
    .orderBy(desc(auditLog.seq))
    .limit(1)
  return rows[0] ?? null
}

/**
 * The INSERT for the entry after `tail`, keyed, as a batch item. A plain insert on purpose:
 * if a concurrent writer took this seq first, the primary key refuses it and the whole batch
 * (the audited change included) rolls back, to be retried on the new tail. With `onlyIf`, the
 * row is written only when that SQL condition holds as the batch runs.
 */
export function auditInsert(
  db: Database,
  key: KeyedHash,
  entry: CheckedAuditEntry,
  tail: { seq: number; hash: string } | null,
  onlyIf?: SQL,
): { statement: BatchItem<'sqlite'>; seq: number; hash: string } {
  const seq = (tail?.seq ?? 0) + 1
  const prevHash = tail?.hash ?? GENESIS_HASH
  const hash = auditEntryMac(key, { ...entry, seq, prevHash })
  const { tenantId, at, actor, action, target, detailsText } = entry
  const values = { tenantId, seq, at, actor, action, target, details: detailsText, prevHash, hash }
  if (!onlyIf) {
    const statement = db.insert(auditLog).values({ ...values, keyed: true })
    return { statement: statement as unknown as BatchItem<'sqlite'>, seq, hash }
  }
  // Column order must match the table definition: drizzle inserts SELECT output positionally.
  const select = sql`select ${tenantId}, ${seq}, ${at}, ${actor}, ${action}, ${target},
    ${detailsText}, ${prevHash}, ${hash}, 1 where ${onlyIf}`
  const statement = db.insert(auditLog).select(select)
  return { statement: statement as unknown as BatchItem<'sqlite'>, seq, hash }
}

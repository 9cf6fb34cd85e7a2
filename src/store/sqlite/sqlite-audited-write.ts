import type { SQL } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { CheckedAuditEntry } from '../../audit/audit-insert.js'
import { auditInsert, auditTail } from './sqlite-audit-insert.js'
import type { KeyedHash } from '../../crypto/keyed-hash.js'
import type { StoreDriver } from '../database.js'
import type { AuditLink } from '../ports/audited-write.js'

const MAX_ATTEMPTS = 50

export interface SqliteAuditedWrite {
  /** Statements run before the audit insert, in the same batch. */
  before?: BatchItem<'sqlite'>[]
  /** Statements run after it, in the same batch (e.g. a delete the entry's `onlyIf` checks). */
  after?: BatchItem<'sqlite'>[]
  /** The entry (and so the batch's meaning) only when this SQL condition holds. */
  onlyIf?: SQL
}

/**
 * Writes a change and the audit entry that records it in one atomic batch (SQLite and D1 have
 * no interactive transaction), so there is never a change without its entry, nor an entry for
 * a change that did not commit. The entry takes seq = tail + 1; if a concurrent append took
 * that seq first, the primary key refuses the insert, the whole batch rolls back, and we re-read
 * the tail and try again with jittered backoff, a bounded number of times. Returns null when
 * `onlyIf` did not hold (nothing logged).
 */
export async function sqliteWriteAudited(
  driver: StoreDriver,
  key: KeyedHash,
  entry: CheckedAuditEntry,
  write: SqliteAuditedWrite = {},
): Promise<AuditLink | null> {
  const { db } = driver
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const tail = await auditTail(db, entry.tenantId)
    const insert = auditInsert(db, key, entry, tail, write.onlyIf)
    const before = write.before ?? []
    let changed: number[]
    try {
      changed = await driver.batch([...before, insert.statement, ...(write.after ?? [])])
    } catch (error) {
      if (!isAuditSeqConflict(error)) throw error
      // Lost the race: back off a random, growing while so a burst of appends spreads out.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 ** Math.min(attempt, 6)))
      continue
    }
    // Whether *this* batch wrote the entry: re-reading the row would not tell, because a
    // concurrent write with an identical entry on the same tail links to the same hash.
    return changed[before.length] === 1 ? { seq: insert.seq, hash: insert.hash } : null
  }
  throw new Error(`audit append for tenant ${entry.tenantId} lost ${MAX_ATTEMPTS} races in a row`)
}

/** SQLite (and D1, which wraps its message) name the violated key: only ours is retried. */
function isAuditSeqConflict(error: unknown): boolean {
  const texts: string[] = []
  for (let e: unknown = error; e instanceof Error && texts.length < 4; e = e.cause) {
    texts.push(e.message)
  }
  return texts.some((text) => /UNIQUE constraint failed: audit_log\./.test(text))
}

import { desc, eq, sql } from 'drizzle-orm'
import type { CheckedAuditEntry } from '../../audit/audit-insert.js'
import { auditEntryMac, GENESIS_HASH } from '../../audit/audit-hash.js'
import type { KeyedHash } from '../../crypto/keyed-hash.js'
import type { PgDatabase } from '../pg-driver-node.js'
import type { AuditLink } from '../ports/audited-write.js'
import { auditLog } from '../pg-schema.js'

/** A transaction handle: what a change inside an audited write runs its statements on. */
export type PgTx = Parameters<Parameters<PgDatabase['transaction']>[0]>[0]

/** First key of the two-int advisory lock space, so pwguard's locks never meet another's. */
const AUDIT_LOCK_CLASS = 0x70776761 // 'pwga'
const MAX_ATTEMPTS = 8

/**
 * Runs `change` and appends the audit entry recording it in one transaction. The tenant's chain
 * is serialised by a transaction-scoped advisory lock taken after the change's own row locks
 * (every audited write locks in that order, so the two cannot deadlock each other): two
 * instances appending at once link one after the other, never both to the same tail. `change`
 * returns null when it did not apply (a lost compare-and-swap): then nothing is logged and the
 * transaction commits nothing of its own. Deadlocks and serialisation failures elsewhere are
 * retried a bounded number of times, the whole transaction with them.
 */
export async function pgWriteAudited<T>(
  db: PgDatabase,
  key: KeyedHash,
  entry: CheckedAuditEntry,
  change: (tx: PgTx) => Promise<T | null>,
): Promise<{ result: T; link: AuditLink } | null> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        const result = await change(tx)
        if (result === null) return null
        return { result, link: await appendLocked(tx, key, entry) }
      })
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 ** attempt))
    }
  }
}

/** Appends one entry on its own (an action with nothing else to write). */
export async function pgAppendAudit(
  db: PgDatabase,
  key: KeyedHash,
  entry: CheckedAuditEntry,
): Promise<AuditLink> {
  const written = await pgWriteAudited(db, key, entry, async () => true)
  return written!.link
}

/** Appends `entry` inside `tx` under the tenant's chain lock (after the change's own locks). */
export async function appendLocked(tx: PgTx, key: KeyedHash, entry: CheckedAuditEntry) {
  await tx.execute(
    sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_CLASS}::int, hashtext(${entry.tenantId}))`,
  )
  const [tail] = await tx
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .where(eq(auditLog.tenantId, entry.tenantId))
    .orderBy(desc(auditLog.seq))
    .limit(1)
  const seq = (tail?.seq ?? 0) + 1
  const prevHash = tail?.hash ?? GENESIS_HASH
  const hash = auditEntryMac(key, { ...entry, seq, prevHash })
  const { tenantId, at, actor, action, target, detailsText } = entry
  await tx.insert(auditLog).values({
    ...{ tenantId, seq, at, actor, action, target, details: detailsText, prevHash, hash },
    keyed: true,
  })
  return { seq, hash }
}

/** 40001 serialization_failure, 40P01 deadlock_detected: the transaction may simply run again. */
export function isRetryable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code
    if (code === '40001' || code === '40P01') return true
  }
  return false
}

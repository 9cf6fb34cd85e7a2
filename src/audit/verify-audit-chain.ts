import { and, asc, eq, gt } from 'drizzle-orm'
import type { Database } from '../store/database.js'
import { auditLog } from '../store/schema.js'
import { auditEntryHash, GENESIS_HASH } from './audit-hash.js'

export type AuditChainVerdict =
  | { ok: true; tenantId: string; entries: number; lastHash: string }
  | { ok: false; tenantId: string; seq: number; problem: string; checked: number }

const PAGE = 1_000

/**
 * Recomputes a tenant's chain from the first entry and stops at the first break: a gap in seq
 * (deleted entry), a prev_hash that is not the previous entry's hash (removed, reordered or
 * re-chained entries), or a hash that does not match the row's content (edited entry).
 * Truncating the newest entries leaves a valid shorter chain: compare `entries` and
 * `lastHash` with a copy kept elsewhere to detect that.
 */
export async function verifyAuditChain(db: Database, tenantId: string): Promise<AuditChainVerdict> {
  let expectedSeq = 1
  let prevHash = GENESIS_HASH
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenantId), gt(auditLog.seq, expectedSeq - 1)))
      .orderBy(asc(auditLog.seq))
      .limit(PAGE)
    for (const row of rows) {
      const broken = (problem: string) => ({
        ok: false as const,
        tenantId,
        seq: row.seq,
        problem,
        checked: expectedSeq - 1,
      })
      if (row.seq !== expectedSeq) {
        return {
          ...broken(`entry ${expectedSeq} is missing (next is ${row.seq})`),
          seq: expectedSeq,
        }
      }
      if (row.prevHash !== prevHash) return broken('prev_hash differs from the previous entry hash')
      const details = parseDetails(row.details)
      if (!details) return broken('details are not a JSON object')
      const hash = await auditEntryHash({ ...row, details })
      if (hash !== row.hash) return broken('content does not match its hash (edited entry)')
      prevHash = row.hash
      expectedSeq++
    }
    if (rows.length < PAGE)
      return { ok: true, tenantId, entries: expectedSeq - 1, lastHash: prevHash }
  }
}

/** Tenants that have audit entries, for verifying all chains. */
export async function auditedTenants(db: Database): Promise<string[]> {
  const rows = await db
    .selectDistinct({ tenantId: auditLog.tenantId })
    .from(auditLog)
    .orderBy(asc(auditLog.tenantId))
  return rows.map((row) => row.tenantId)
}

function parseDetails(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text)
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null
  } catch {
    return null
  }
}

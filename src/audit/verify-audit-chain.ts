import type { KeyedHash } from '../crypto/keyed-hash.js'
import type { AuditReader } from '../store/ports/audit-store.js'
import { auditEntryHash, auditEntryMac, GENESIS_HASH } from './audit-hash.js'
import { auditHead, type AuditHead } from './audit-head.js'

export type AuditChainVerdict =
  | { ok: true; tenantId: string; entries: number; unkeyed: number; head: AuditHead }
  | { ok: false; tenantId: string; seq: number; problem: string; checked: number }

const PAGE = 1_000

/**
 * Recomputes a tenant's chain from the first entry and stops at the first break: a gap in seq
 * (deleted entry), a prev_hash that is not the previous entry's hash (removed, reordered or
 * re-chained entries), or a link that does not match the row's content (edited entry). Keyed
 * links are HMACs under `key`; entries from before the upgrade have plain SHA-256 links and are
 * accepted only before the first keyed entry, whose HMAC then covers them. A chain whose
 * newest entry is unkeyed fails unless `acceptUnkeyed`: after the upgrade every append is
 * keyed, so an unkeyed tail is either a chain untouched since then or one rewritten with plain
 * hashes. Truncating the newest entries leaves a valid shorter chain: compare `head` with a
 * copy kept elsewhere to detect that.
 */
export async function verifyAuditChain(
  audit: AuditReader,
  key: KeyedHash,
  tenantId: string,
  options: { acceptUnkeyed?: boolean } = {},
): Promise<AuditChainVerdict> {
  let expectedSeq = 1
  let prevHash = GENESIS_HASH
  let unkeyed = 0
  let keyedSeen = false
  for (;;) {
    const after = expectedSeq - 1
    const rows = await audit.page({ tenantId, order: 'asc', after, limit: PAGE })
    for (const row of rows) {
      const checked = expectedSeq - 1
      const broken = (problem: string, seq = row.seq) =>
        ({ ok: false, tenantId, seq, problem, checked }) as const
      if (row.seq !== expectedSeq) {
        return broken(`entry ${expectedSeq} is missing (next is ${row.seq})`, expectedSeq)
      }
      if (row.prevHash !== prevHash) return broken('prev_hash differs from the previous entry hash')
      const details = parseDetails(row.details)
      if (!details) return broken('details are not a JSON object')
      if (!row.keyed && keyedSeen) return broken('unkeyed entry after a keyed one (downgraded)')
      const link = row.keyed
        ? auditEntryMac(key, { ...row, details })
        : await auditEntryHash({ ...row, details })
      if (link !== row.hash) {
        return broken(
          row.keyed
            ? 'content does not match its keyed hash (edited entry, or another PWGUARD_SECRET)'
            : 'content does not match its hash (edited entry)',
        )
      }
      keyedSeen ||= row.keyed
      if (!row.keyed) unkeyed++
      prevHash = row.hash
      expectedSeq++
    }
    if (rows.length === PAGE) continue
    const entries = expectedSeq - 1
    if (entries > 0 && !keyedSeen && !options.acceptUnkeyed) {
      return {
        ok: false,
        tenantId,
        seq: entries,
        checked: entries,
        problem:
          'no keyed entry: the chain could have been rewritten with plain hashes (compare its head with your anchored copy, then accept it once with --accept-unkeyed)',
      }
    }
    return { ok: true, tenantId, entries, unkeyed, head: await auditHead(audit, tenantId) }
  }
}

/** Tenants that have audit entries, for verifying all chains. */
export async function auditedTenants(audit: AuditReader): Promise<string[]> {
  return audit.tenants()
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

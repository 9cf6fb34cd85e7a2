import type { AuditReader } from '../store/ports/audit-store.js'
import { GENESIS_HASH } from './audit-hash.js'

/**
 * A chain's newest link, to copy somewhere the database's writers cannot reach (a ticket, a
 * transparency log, another operator's mailbox). Any later rewrite of the chain up to `seq`
 * changes `hash`, and truncation lowers `seq`: comparing with the copy shows both.
 */
export interface AuditHead {
  seq: number
  hash: string
  /** ISO 8601 time of the newest entry; null for an empty chain. */
  at: string | null
  /** Whether the newest link is keyed (HMAC): an unkeyed head can be forged without the secret. */
  keyed: boolean
}

export async function auditHead(audit: AuditReader, tenantId: string): Promise<AuditHead> {
  const row = await audit.head(tenantId)
  if (!row) return { seq: 0, hash: GENESIS_HASH, at: null, keyed: false }
  return { seq: row.seq, hash: row.hash, at: new Date(row.at).toISOString(), keyed: row.keyed }
}

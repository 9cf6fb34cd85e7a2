import type { CheckedAuditEntry } from '../../audit/audit-insert.js'

/**
 * How store ports record who changed what. A port method that changes state takes the audit
 * entry describing the change and writes both atomically: there is never a change without its
 * entry, nor an entry for a change that did not commit. Adapters link the entry to the tenant's
 * chain themselves (src/store/sqlite/sqlite-audited-write.ts: one batch, retried on a lost seq;
 * src/store/pg/pg-audited-write.ts: one transaction, serialised per tenant).
 */
export type AuditedEntry = CheckedAuditEntry

/** The chain link an audited write produced. */
export interface AuditLink {
  seq: number
  hash: string
}

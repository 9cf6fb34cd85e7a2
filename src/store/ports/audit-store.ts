import type { AuditedEntry, AuditLink } from './audited-write.js'

/**
 * Port for the audit chain: one hash-linked sequence per tenant. Appends are serialised per
 * tenant by every adapter (a lost race on SQLite/D1 retries on the new tail; PostgreSQL takes a
 * per-tenant lock), so the chain never forks however many instances write.
 */
export interface AuditStore {
  /** Appends one entry on its own, for an action with nothing else to write. */
  append(entry: AuditedEntry): Promise<AuditLink>
  /** The tenant's newest link, or null for an empty chain. */
  tail(tenantId: string): Promise<AuditLink | null>
}

import type { AuditedEntry, AuditLink } from './audited-write.js'

/** One stored entry, as the chain's verifier and the audit routes read it. */
export interface AuditRow {
  tenantId: string
  seq: number
  at: number
  actor: string
  action: string
  target: string | null
  /** The canonical JSON the link covers, as stored (parsed by the reader, never trusted). */
  details: string
  prevHash: string
  hash: string
  /** true: `hash` is an HMAC under the chain key; false: a pre-upgrade plain SHA-256. */
  keyed: boolean
}

/** A page of one tenant's chain, in seq order from a cursor, optionally filtered. */
export interface AuditPageQuery {
  tenantId: string
  /** `asc`: entries with seq > `after` (default 0); `desc`: seq < `before` (default: newest). */
  order: 'asc' | 'desc'
  after?: number
  before?: number
  limit: number
  /** Only entries whose action contains this text (plain substring, no wildcards). */
  actionContains?: string
  /** Only entries by this actor. */
  actor?: string
}

/** What reading the chain needs: the verifier, GET /v1/audit and the console read only this. */
export interface AuditReader {
  /** The tenant's newest link, or null for an empty chain. */
  tail(tenantId: string): Promise<AuditLink | null>
  /** The tenant's newest entry, or null for an empty chain. */
  head(tenantId: string): Promise<AuditRow | null>
  page(query: AuditPageQuery): Promise<AuditRow[]>
  /** Tenants that have entries, sorted, for verifying every chain. */
  tenants(): Promise<string[]>
}

/**
 * Port for the audit chain: one hash-linked sequence per tenant. Appends are serialised per
 * tenant by every adapter (a lost race on SQLite/D1 retries on the new tail; PostgreSQL takes a
 * per-tenant lock), so the chain never forks however many instances write.
 */
export interface AuditStore extends AuditReader {
  /** Appends one entry on its own, for an action with nothing else to write. */
  append(entry: AuditedEntry): Promise<AuditLink>
}

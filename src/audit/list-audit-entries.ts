import type { AuditReader } from '../store/ports/audit-store.js'

/** One link of a tenant's chain as callers read it: the time as ISO 8601, details parsed. */
export interface AuditEntryView {
  seq: number
  at: string
  actor: string
  action: string
  target: string | null
  details: Record<string, unknown>
  prevHash: string
  hash: string
  /** true: `hash` is an HMAC under the chain key; false: a pre-upgrade plain SHA-256. */
  keyed: boolean
}

export interface AuditEntryPage {
  entries: AuditEntryView[]
  /** `after` for the next page; null on the last one. */
  next: number | null
}

/**
 * One page of the tenant's chain, oldest first, from the entry after `after`. One row more than
 * the page is read, so the last page says so (`next: null`) instead of sending the caller to
 * an empty one. Another tenant's entries are never read: the query is keyed by tenant.
 *
 * @example
 * const { entries, next } = await listAuditEntries(stores.audit, { tenantId, after: 0, limit: 100 })
 */
export async function listAuditEntries(
  audit: Pick<AuditReader, 'page'>,
  query: { tenantId: string; after: number; limit: number },
): Promise<AuditEntryPage> {
  const rows = await audit.page({ ...query, order: 'asc', limit: query.limit + 1 })
  const page = rows.slice(0, query.limit)
  const entries = page.map((row) => ({
    seq: row.seq,
    at: new Date(row.at).toISOString(),
    actor: row.actor,
    action: row.action,
    target: row.target,
    details: JSON.parse(row.details) as Record<string, unknown>,
    prevHash: row.prevHash,
    hash: row.hash,
    keyed: row.keyed,
  }))
  const last = page.at(-1)
  return { entries, next: rows.length > query.limit && last ? last.seq : null }
}

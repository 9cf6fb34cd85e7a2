import type { IncidentRow, IncidentStore } from '../store/ports/incident-store.js'
import { decodeCursor, encodeCursor } from './incident-view.js'

/** A page of the tenant's incidents, or a cursor this service never issued. */
export type IncidentPage =
  | { ok: true; incidents: IncidentRow[]; nextCursor: string | null }
  | { ok: false; reason: 'invalid_cursor' }

/**
 * The tenant's incidents, newest first, `limit` at a time from an opaque cursor (the last row's
 * createdAt and id). One row more than the page is read, so the last page says so
 * (`nextCursor: null`).
 *
 * @example
 * const page = await listIncidents(stores.incidents, { tenantId, limit: 50 })
 */
export async function listIncidents(
  incidents: Pick<IncidentStore, 'list'>,
  query: { tenantId: string; limit: number; cursor?: string | undefined },
): Promise<IncidentPage> {
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor)
  if (query.cursor !== undefined && !after) return { ok: false, reason: 'invalid_cursor' }
  const rows = await incidents.list(query.tenantId, { limit: query.limit, after })
  const page = rows.slice(0, query.limit)
  const last = page.at(-1)
  const nextCursor = rows.length > query.limit && last ? encodeCursor(last) : null
  return { ok: true, incidents: page, nextCursor }
}

import type { AuditRow } from '../../store/ports/audit-store.js'
import type { ConsoleQueryStore } from '../../store/ports/console-query-store.js'

export interface AuditFilters {
  /** Substring of the action (`incident.`, `reset`). */
  action: string
  /** Substring of the actor (`console:`, a key id). */
  actor: string
  /** UTC day, `YYYY-MM-DD`, inclusive; '' for no bound. */
  from: string
  to: string
  /** Entries older than this seq (the cursor); null for the newest page. */
  before: number | null
}

const DAY_MS = 86_400_000

/** Reads filters from a query string, bounded: nothing unparsed reaches SQL. */
export function parseAuditFilters(query: (name: string) => string | undefined): AuditFilters {
  const day = (value: string | undefined) => (/^\d{4}-\d{2}-\d{2}$/.test(value ?? '') ? value! : '')
  const before = Number(query('before'))
  return {
    action: (query('action') ?? '').slice(0, 64),
    actor: (query('actor') ?? '').slice(0, 128),
    from: day(query('from')),
    to: day(query('to')),
    before: Number.isSafeInteger(before) && before > 0 ? before : null,
  }
}

/**
 * One page of the tenant's chain, newest first, filtered in SQL and paged by seq (the primary
 * key's second column), so a page costs the same at entry 10 and at entry 10 million.
 * `next` is the cursor of the following (older) page, or null on the last one.
 */
export async function readAuditPage(
  queries: Pick<ConsoleQueryStore, 'searchAudit'>,
  tenantId: string,
  filters: AuditFilters,
  limit: number,
): Promise<{ rows: AuditRow[]; next: number | null }> {
  const rows = await queries.searchAudit({
    tenantId,
    limit: limit + 1,
    ...(filters.action && { actionContains: filters.action }),
    ...(filters.actor && { actorContains: filters.actor }),
    ...(filters.from && { fromMs: Date.parse(`${filters.from}T00:00:00Z`) }),
    ...(filters.to && { untilMs: Date.parse(`${filters.to}T00:00:00Z`) + DAY_MS }),
    ...(filters.before !== null && { before: filters.before }),
  })
  const page = rows.slice(0, limit)
  const next = rows.length > limit ? (page.at(-1)?.seq ?? null) : null
  return { rows: page, next }
}

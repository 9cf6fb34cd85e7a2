import { and, desc, eq, lt, or } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Database } from '../store/database.js'
import { incidents } from '../store/schema.js'
import type { DataClass } from './data-classes.js'

export type IncidentRow = typeof incidents.$inferSelect

/** GDPR Art. 33(1): notify the supervisory authority within 72 hours of becoming aware. */
export const AUTHORITY_DEADLINE_MS = 72 * 60 * 60_000

/**
 * A new incident row (deadline: detectedAt + 72 h) and its INSERT, for the caller to batch with
 * the `incident.created` event so both commit or neither does.
 */
export function incidentInsert(
  db: Database,
  input: {
    id: string
    tenantId: string
    name: string
    description: string | null
    occurredAt: number | null
    detectedAt: number
    dataClasses: DataClass[]
    source: string | null
    now: number
  },
): { row: IncidentRow; statement: BatchItem<'sqlite'> } {
  const row: IncidentRow = {
    id: input.id,
    tenantId: input.tenantId,
    name: input.name,
    description: input.description,
    occurredAt: input.occurredAt,
    detectedAt: input.detectedAt,
    dataClasses: JSON.stringify(input.dataClasses),
    source: input.source,
    notifyAuthorityBy: input.detectedAt + AUTHORITY_DEADLINE_MS,
    authorityNotifiedAt: null,
    createdAt: input.now,
  }
  return { row, statement: db.insert(incidents).values(row) as unknown as BatchItem<'sqlite'> }
}

/** The tenant's incident, or null (another tenant's incident is simply not found). */
export async function findIncident(
  db: Database,
  tenantId: string,
  id: string,
): Promise<IncidentRow | null> {
  const rows = await db
    .select()
    .from(incidents)
    .where(and(eq(incidents.tenantId, tenantId), eq(incidents.id, id)))
    .limit(1)
  return rows[0] ?? null
}

/** Position after which the next page starts: the last row's (createdAt, id). */
export interface IncidentCursor {
  createdAt: number
  id: string
}

/** Newest first; `limit + 1` rows are read so the caller knows whether a next page exists. */
export async function listIncidents(
  db: Database,
  tenantId: string,
  options: { limit: number; after: IncidentCursor | null },
): Promise<IncidentRow[]> {
  const after = options.after
  const position = after
    ? or(
        lt(incidents.createdAt, after.createdAt),
        and(eq(incidents.createdAt, after.createdAt), lt(incidents.id, after.id)),
      )
    : undefined
  return db
    .select()
    .from(incidents)
    .where(and(eq(incidents.tenantId, tenantId), position))
    .orderBy(desc(incidents.createdAt), desc(incidents.id))
    .limit(options.limit + 1)
}

/**
 * The UPDATE recording when the authority was notified (the latest call wins: corrections are
 * allowed), for the caller's audited batch.
 */
export function authorityNotifiedUpdate(
  db: Database,
  input: { tenantId: string; id: string; at: number },
) {
  return db
    .update(incidents)
    .set({ authorityNotifiedAt: input.at })
    .where(and(eq(incidents.tenantId, input.tenantId), eq(incidents.id, input.id)))
}

/** The stored data-class list. */
export function incidentDataClasses(row: IncidentRow): DataClass[] {
  const parsed: unknown = JSON.parse(row.dataClasses)
  return Array.isArray(parsed) ? (parsed as DataClass[]) : []
}

import type { IncidentRow } from '../store/ports/incident-store.js'
import type { DataClass } from './data-classes.js'

export type { IncidentCursor, IncidentRow } from '../store/ports/incident-store.js'

/** GDPR Art. 33(1): notify the supervisory authority within 72 hours of becoming aware. */
export const AUTHORITY_DEADLINE_MS = 72 * 60 * 60_000

/** A new incident row: the authority deadline runs 72 h from detectedAt, not yet notified. */
export function newIncidentRow(
  input: Omit<
    IncidentRow,
    'dataClasses' | 'notifyAuthorityBy' | 'authorityNotifiedAt' | 'createdAt'
  > & {
    dataClasses: DataClass[]
    now: number
  },
): IncidentRow {
  return {
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
}

/** The stored data-class list. */
export function incidentDataClasses(row: IncidentRow): DataClass[] {
  const parsed: unknown = JSON.parse(row.dataClasses)
  return Array.isArray(parsed) ? (parsed as DataClass[]) : []
}

import type { IncidentRow } from './incident-store.js'
import { incidentDataClasses } from './incident-store.js'

const iso = (ms: number) => new Date(ms).toISOString()
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms))

/** The public JSON form of an incident (times as ISO 8601 UTC). */
export function toIncidentView(row: IncidentRow) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    occurredAt: isoOrNull(row.occurredAt),
    detectedAt: iso(row.detectedAt),
    dataClasses: incidentDataClasses(row),
    source: row.source,
    notifyAuthorityBy: iso(row.notifyAuthorityBy),
    authorityNotifiedAt: isoOrNull(row.authorityNotifiedAt),
    createdAt: iso(row.createdAt),
  }
}

/** Opaque pagination cursor: base64url of `createdAt:id`. */
export function encodeCursor(row: Pick<IncidentRow, 'createdAt' | 'id'>): string {
  return btoa(`${row.createdAt}:${row.id}`)
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '')
}

/** Null when the cursor is not one we issued. */
export function decodeCursor(cursor: string): { createdAt: number; id: string } | null {
  try {
    const text = atob(cursor.replaceAll('-', '+').replaceAll('_', '/'))
    const match = /^(\d{1,16}):([A-Za-z0-9_-]{1,64})$/.exec(text)
    return match ? { createdAt: Number(match[1]), id: match[2] as string } : null
  } catch {
    return null
  }
}

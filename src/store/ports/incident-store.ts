import type { AuditedEntry } from './audited-write.js'
import type { OutboxEvent } from './webhook-outbox-store.js'

/**
 * Port for the incidents aggregate: the incident rows, the figures and counters read from what
 * ingest, the digest job and forced resets wrote. One adapter per SQL dialect
 * (src/store/sqlite: better-sqlite3 and D1; src/store/pg: PostgreSQL).
 */
export interface IncidentRow {
  id: string
  tenantId: string
  name: string
  description: string | null
  occurredAt: number | null
  detectedAt: number
  /** JSON array from the documented data-class vocabulary. */
  dataClasses: string
  source: string | null
  notifyAuthorityBy: number
  authorityNotifiedAt: number | null
  createdAt: number
}

export interface IncidentScope {
  tenantId: string
  incidentId: string
}

/** Position after which the next page starts: the last row's (createdAt, id). */
export interface IncidentCursor {
  createdAt: number
  id: string
}

/** The counts and times an Art. 33 report states, read from what ingest and resets wrote. */
export interface IncidentFigures {
  records: number
  unmatchedRecords: number
  passwordsBlocked: number
  firstIngestAt: number | null
  lastIngestAt: number | null
  accountsExposed: number
  passwordMatches: number
  /** The same accounts by their strongest proof (plaintext, then hash string, then digest). */
  passwordMatchesBy: { plaintext: number; hashString: number; digest: number }
  /** Wrapped accounts whose leaked digest still waits for its argon2 verify (the job). */
  passwordChecksPending: number
  resetsForced: number
  resetsCompleted: number
  firstResetAt: number | null
  /** The exposed accounts (Art. 34 notification list), passwordMatch first, then by id. */
  exposedAccounts: { externalId: string; passwordMatch: boolean }[]
}

/** The incident's figures kept as counters (moved by every write in the same atomic unit). */
export interface IncidentCounters {
  records: number
  unmatchedRecords: number
  passwordsBlocked: number
  accountsExposed: number
  passwordMatches: number
  matchesPlaintext: number
  matchesHashString: number
  matchesDigest: number
  resetsForced: number
}

export interface IncidentStore {
  /**
   * Writes the incident, its zeroed counters, its `incident.created` event (only while the
   * tenant has an endpoint) and the audit entry atomically.
   */
  create(row: IncidentRow, event: OutboxEvent, entry: AuditedEntry): Promise<void>
  /** The tenant's incident, or null (another tenant's incident is simply not found). */
  find(tenantId: string, id: string): Promise<IncidentRow | null>
  /** Newest first (createdAt, then id); `limit + 1` rows, so the caller sees a next page. */
  list(
    tenantId: string,
    page: { limit: number; after: IncidentCursor | null },
  ): Promise<IncidentRow[]>
  /** Records when the authority was notified (the latest call wins) with its audit entry. */
  recordAuthorityNotified(
    input: { tenantId: string; id: string; at: number },
    entry: AuditedEntry,
  ): Promise<void>
  /** Aggregates the incident's records, account exposures and reset tokens. */
  figures(scope: IncidentScope): Promise<IncidentFigures>
  /**
   * The counters: one primary-key read. An incident from before counters existed gets its row
   * from a recount once, atomically with respect to concurrent ingests.
   */
  counters(scope: IncidentScope): Promise<IncidentCounters>
  /** A fresh recount of the rows (what the counters must always equal). */
  recount(scope: IncidentScope): Promise<IncidentCounters>
}

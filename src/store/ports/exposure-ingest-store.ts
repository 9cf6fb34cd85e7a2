import type { AuditedEntry } from './audited-write.js'
import type { IncidentScope } from './incident-store.js'
import type { OutboxEvent } from './webhook-outbox-store.js'

/**
 * Port for exposure ingest: what one batch of an exposure list reads (keys already ingested,
 * the accounts records name) and the one atomic write that lands it. One adapter per SQL
 * dialect (src/store/sqlite: better-sqlite3 and D1; src/store/pg: PostgreSQL).
 */
export interface AccountMatch {
  externalId: string
  emailIndex: string | null
  passwordHash: string
  importFingerprint: string | null
  /** When the fingerprint was written (null: imported before this was kept). */
  importedAt: number | null
  passwordChangedAt: number | null
}

/** One distinct exposure record (keyed by an HMAC of its content; no e-mail, no password). */
export interface ExposureRecordRow {
  key: string
  externalId: string | null
  /** MATCH_VIA bits of the proof; 0: no proof (yet). */
  matchVia: number
  /** The record's password joined the tenant's breach additions. */
  passwordAdded: boolean
  /** The record's digest waits for the digest job's argon2 verify. */
  digestPending: boolean
}

/** Everything one ingest batch writes, atomically with its audit entry. */
export interface ExposureBatch extends IncidentScope {
  now: number
  records: ExposureRecordRow[]
  /** One entry per account the batch's records name, with the OR of their proofs. */
  exposed: { externalId: string; matchVia: number }[]
  /** Candidates added to the incident's digest job. */
  digestCandidates: number
  /** `account.exposed` events (written only while the tenant has an endpoint). */
  events: OutboxEvent[]
}

export interface ExposureIngestStore {
  /** Keys of these records already ingested for the incident, and whether each awaits the job. */
  existingKeys(scope: IncidentScope, keys: string[]): Promise<Map<string, boolean>>
  accountsByExternalId(tenantId: string, externalIds: string[]): Promise<AccountMatch[]>
  accountsByEmailIndex(tenantId: string, emailIndexes: string[]): Promise<AccountMatch[]>
  /** Which of these accounts the incident has already exposed. */
  exposedAlready(scope: IncidentScope, externalIds: string[]): Promise<Set<string>>
  /**
   * Writes the batch: records not yet ingested, account exposures (a later proof raises an
   * earlier one, never lowers it), the digest job's candidate count, the events and the audit
   * entry, all or none. The incident's counters move by what was really inserted, so a record
   * a racing ingest wrote first is counted once.
   */
  writeBatch(batch: ExposureBatch, entry: AuditedEntry): Promise<void>
}

import type { Database } from '../../store/database.js'
import { readIncidentCounters } from '../../incidents/incident-counters.js'

/**
 * The incident page's figures: one read of the incident's counters, which ingest, the digest
 * job and forced resets move in the same batch as their rows (incidents/counter-deltas.ts), so
 * a 300 k-record incident costs no more to render than an empty one.
 */
export async function readIncidentCounts(db: Database, tenantId: string, incidentId: string) {
  const counters = await readIncidentCounters(db, { tenantId, incidentId })
  return {
    records: counters.records,
    unmatched: counters.unmatchedRecords,
    matched: counters.accountsExposed,
    passwordMatches: counters.passwordMatches,
    resetsForced: counters.resetsForced,
  }
}

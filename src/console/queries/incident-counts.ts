import type { IncidentStore } from '../../store/ports/incident-store.js'

/**
 * The incident page's figures: one read of the incident's counters, which ingest, the digest
 * job and forced resets move in the same atomic write as their rows, so a 300 k-record
 * incident costs no more to render than an empty one.
 */
export async function readIncidentCounts(
  incidents: Pick<IncidentStore, 'counters'>,
  tenantId: string,
  incidentId: string,
) {
  const counters = await incidents.counters({ tenantId, incidentId })
  return {
    records: counters.records,
    unmatched: counters.unmatchedRecords,
    matched: counters.accountsExposed,
    passwordMatches: counters.passwordMatches,
    resetsForced: counters.resetsForced,
  }
}

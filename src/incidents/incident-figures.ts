import type { Database } from '../store/database.js'
import type { IncidentFigures, IncidentStore } from '../store/ports/incident-store.js'
import { createSqliteIncidentReads } from '../store/sqlite/sqlite-incident-reads.js'

export type { IncidentFigures } from '../store/ports/incident-store.js'

/**
 * The counts and times an Art. 33 report states, aggregated from the incident's records,
 * account exposures and reset tokens. Takes `stores.incidents`; a bare SQLite `db` still works
 * for callers not yet on store ports.
 */
export function readIncidentFigures(
  incidents: Pick<IncidentStore, 'figures'> | Database,
  tenantId: string,
  incidentId: string,
): Promise<IncidentFigures> {
  const store = 'figures' in incidents ? incidents : createSqliteIncidentReads(incidents)
  return store.figures({ tenantId, incidentId })
}

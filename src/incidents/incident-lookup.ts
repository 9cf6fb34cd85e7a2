import { notFound } from '../http/problem.js'
import type { Database } from '../store/database.js'
import type { IncidentRow, IncidentStore } from '../store/ports/incident-store.js'
import { createSqliteIncidentReads } from '../store/sqlite/sqlite-incident-reads.js'

/**
 * The tenant's incident or a 404: another tenant's incident does not exist for this caller.
 * Takes `stores.incidents`; a bare SQLite `db` still works for routes not yet on store ports.
 */
export async function requireIncident(
  incidents: Pick<IncidentStore, 'find'> | Database,
  tenantId: string,
  id: string,
): Promise<IncidentRow> {
  const store = 'find' in incidents ? incidents : createSqliteIncidentReads(incidents)
  const incident = await store.find(tenantId, id)
  if (!incident) throw notFound('No such incident.')
  return incident
}

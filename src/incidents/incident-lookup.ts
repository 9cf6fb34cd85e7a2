import type { Database } from '../store/database.js'
import { notFound } from '../http/problem.js'
import { findIncident, type IncidentRow } from './incident-store.js'

/** The tenant's incident or a 404: another tenant's incident does not exist for this caller. */
export async function requireIncident(
  db: Database,
  tenantId: string,
  id: string,
): Promise<IncidentRow> {
  const incident = await findIncident(db, tenantId, id)
  if (!incident) throw notFound('No such incident.')
  return incident
}

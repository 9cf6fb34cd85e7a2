import { notFound } from '../http/problem.js'
import type { IncidentRow, IncidentStore } from '../store/ports/incident-store.js'

/** The tenant's incident or a 404: another tenant's incident does not exist for this caller. */
export async function requireIncident(
  incidents: Pick<IncidentStore, 'find'>,
  tenantId: string,
  id: string,
): Promise<IncidentRow> {
  const incident = await incidents.find(tenantId, id)
  if (!incident) throw notFound('No such incident.')
  return incident
}

import type { AppDeps } from '../app/deps.js'
import { checkAuditEntry } from '../audit/audit-insert.js'
import { toBase64Url } from '../ports/random.js'
import { outboxEvent } from '../webhooks/outbox-event.js'
import type { DataClass } from './data-classes.js'
import { newIncidentRow, type IncidentRow } from './incident-store.js'

/**
 * Registers an incident: the row, its counters, its `incident.created` event and the audit
 * entry naming who did it (an API key or a console user) commit together or not at all.
 * Shared by the API and console.
 */
export async function createIncident(
  deps: Pick<AppDeps, 'stores' | 'clock' | 'random' | 'settings'>,
  input: {
    tenantId: string
    actor: string
    name: string
    description: string | null
    occurredAt: number | null
    detectedAt: number
    dataClasses: DataClass[]
    source: string | null
  },
): Promise<IncidentRow> {
  const now = deps.clock.now()
  const { actor, ...fields } = input
  const row = newIncidentRow({ ...fields, id: `inc_${toBase64Url(deps.random.bytes(12))}`, now })
  const data = { incidentId: row.id, dataClasses: input.dataClasses }
  const event = outboxEvent({ tenantId: input.tenantId, type: 'incident.created', data, now })
  const entry = checkAuditEntry({
    tenantId: input.tenantId,
    actor,
    action: 'incident.created',
    target: row.id,
    at: now,
  })
  await deps.stores.incidents.create(row, event, entry)
  return row
}

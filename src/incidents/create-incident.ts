import type { AppDeps } from '../app/deps.js'
import { writeAudited } from '../audit/append-audit.js'
import { toBase64Url } from '../ports/random.js'
import { outboxInsert } from '../webhooks/outbox-insert.js'
import type { DataClass } from './data-classes.js'
import { incidentInsert, type IncidentRow } from './incident-store.js'
import { openIncidentCounters } from './incident-counters.js'

/**
 * Registers an incident: the row, its `incident.created` event and the audit entry naming who
 * did it (an API key or a console user) commit in one batch. Shared by the API and console.
 */
export async function createIncident(
  deps: Pick<AppDeps, 'driver' | 'clock' | 'random' | 'settings'>,
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
  const { db } = deps.driver
  const now = deps.clock.now()
  const { actor, ...fields } = input
  const { row, statement } = incidentInsert(db, {
    ...fields,
    id: `inc_${toBase64Url(deps.random.bytes(12))}`,
    now,
  })
  const data = { incidentId: row.id, dataClasses: input.dataClasses }
  const event = outboxInsert(db, { tenantId: input.tenantId, type: 'incident.created', data, now })
  const audit = { tenantId: input.tenantId, actor, action: 'incident.created', target: row.id }
  const counters = openIncidentCounters(db, { tenantId: input.tenantId, incidentId: row.id })
  await writeAudited(
    deps,
    { ...audit, at: now },
    { before: [statement, counters as unknown as typeof statement, event.statement] },
  )
  return row
}

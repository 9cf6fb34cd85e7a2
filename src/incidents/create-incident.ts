import { checkAuditEntry } from '../audit/audit-insert.js'
import type { Clock } from '../ports/clock.js'
import { toBase64Url, type Random } from '../ports/random.js'
import type { IncidentStore } from '../store/ports/incident-store.js'
import { outboxEvent } from '../webhooks/outbox-event.js'
import { isDataClass, type DataClass } from './data-classes.js'
import { newIncidentRow, type IncidentRow } from './incident-store.js'

export interface CreateIncidentDeps {
  incidents: Pick<IncidentStore, 'create'>
  clock: Clock
  random: Random
}

export interface NewIncident {
  tenantId: string
  /** Who registers it, as the audit log names them (`key:…`, `console:…`). */
  actor: string
  name: string
  description: string | null
  occurredAt: number | null
  detectedAt: number
  /** Names from the data-class vocabulary; repeats are kept once. */
  dataClasses: readonly string[]
  source: string | null
}

/** The incident registered, or the data classes outside the vocabulary (nothing written). */
export type CreateIncidentOutcome =
  { created: true; incident: IncidentRow } | { created: false; unknownDataClasses: string[] }

/**
 * Registers an incident: the row, its counters, its `incident.created` event and the audit
 * entry naming who did it (an API key or a console user) commit together or not at all. A data
 * class outside the vocabulary refuses the whole incident: the Art. 33 report derives its
 * consequences from each class, so an unknown one would silently drop from it.
 * Shared by the API and console.
 *
 * @example
 * const outcome = await createIncident({ incidents, clock, random }, { tenantId, actor, ... })
 * if (!outcome.created) return refuse(outcome.unknownDataClasses)
 */
export async function createIncident(
  deps: CreateIncidentDeps,
  input: NewIncident,
): Promise<CreateIncidentOutcome> {
  const unknown = input.dataClasses.filter((name) => !isDataClass(name))
  if (unknown.length > 0) return { created: false, unknownDataClasses: unknown }
  const dataClasses = [...new Set(input.dataClasses)] as DataClass[]
  const now = deps.clock.now()
  const { actor, ...fields } = input
  const id = `inc_${toBase64Url(deps.random.bytes(12))}`
  const row = newIncidentRow({ ...fields, dataClasses, id, now })
  const data = { incidentId: row.id, dataClasses }
  const event = outboxEvent({
    tenantId: input.tenantId,
    type: 'incident.created',
    data,
    now,
    random: deps.random,
  })
  const entry = checkAuditEntry({
    tenantId: input.tenantId,
    actor,
    action: 'incident.created',
    target: row.id,
    at: now,
  })
  await deps.incidents.create(row, event, entry)
  return { created: true, incident: row }
}

import { expect, it } from 'vitest'
import { checkAuditEntry } from '../../../src/audit/audit-insert.js'
import { verifyAuditChain } from '../../../src/audit/verify-audit-chain.js'
import type { IncidentRow } from '../../../src/store/ports/incident-store.js'
import type { OutboxEvent } from '../../../src/store/ports/webhook-outbox-store.js'
import type { OpenedBackend } from './backends.js'
import { PORT_OPTIONS } from './port-options.js'

const T0 = 1_700_000_000_000
export const incidentRow = (id: string, createdAt = T0, tenantId = 'acme'): IncidentRow => ({
  id,
  tenantId,
  name: `breach ${id}`,
  description: null,
  occurredAt: null,
  detectedAt: createdAt - 1_000,
  dataClasses: '["email_addresses"]',
  source: null,
  notifyAuthorityBy: createdAt + 72 * 3_600_000,
  authorityNotifiedAt: null,
  createdAt,
})
const createdEvent = (row: IncidentRow): OutboxEvent => ({
  id: `evt_${row.id}`,
  tenantId: row.tenantId,
  type: 'incident.created',
  payload: JSON.stringify({ incidentId: row.id }),
  now: row.createdAt,
  incidentId: row.id,
})
export const auditEntry = (action: string, target: string, tenantId = 'acme') =>
  checkAuditEntry({ tenantId, actor: 'test', action, target, at: T0 })

/** Creates an incident through the port, as the feature does. */
export async function createIncidentOn(ports: OpenedBackend['ports'], row: IncidentRow) {
  await ports.incidents.create(
    row,
    createdEvent(row),
    auditEntry('incident.created', row.id, row.tenantId),
  )
}

/** The incidents contract: atomic create, tenant isolation, cursor paging, audited updates. */
export function incidentCases(backend: () => OpenedBackend) {
  it('creates the incident, zeroed counters, the event (only with an endpoint) and the entry', async () => {
    const { ports } = backend()
    await createIncidentOn(ports, incidentRow('inc_a'))
    const endpoint = {
      url: 'https://hooks.example/in',
      sealedSecret: 's',
      createdAt: T0,
      updatedAt: T0,
    }
    await ports.outbox.putEndpoint(
      { tenantId: 'acme', ...endpoint },
      auditEntry('webhook.set', 'acme'),
    )
    await createIncidentOn(ports, incidentRow('inc_b', T0 + 1))
    expect(await ports.incidents.find('acme', 'inc_a')).toEqual(incidentRow('inc_a'))
    expect(await ports.incidents.find('other', 'inc_a')).toBeNull()
    const events = await ports.outbox.list({ tenantId: 'acme', limit: 10 })
    expect(events.map((e) => e.id)).toEqual(['evt_inc_b'])
    expect(events[0]).toMatchObject({ incidentId: 'inc_b' })
    const scope = { tenantId: 'acme', incidentId: 'inc_a' }
    expect(await ports.incidents.counters(scope)).toEqual(await ports.incidents.recount(scope))
    expect((await ports.incidents.counters(scope)).records).toBe(0)
    const rows = await ports.audit.page({ tenantId: 'acme', order: 'asc', limit: 10 })
    expect(rows.map((r) => [r.action, r.target])).toEqual([
      ['incident.created', 'inc_a'],
      ['webhook.set', 'acme'],
      ['incident.created', 'inc_b'],
    ])
    expect((await verifyAuditChain(ports.audit, PORT_OPTIONS.auditKey, 'acme')).ok).toBe(true)
  })

  it('pages newest first by (createdAt, id) with a cursor, one tenant at a time', async () => {
    const { ports } = backend()
    // Equal times tie-break on the id, byte order: `inc_B` < `inc_a` < `inc_b`.
    const rows = [
      incidentRow('inc_a', T0),
      incidentRow('inc_b', T0),
      incidentRow('inc_B', T0),
      incidentRow('inc_c', T0 + 5),
      incidentRow('inc_d', T0 - 5),
    ]
    for (const row of rows) await createIncidentOn(ports, row)
    await createIncidentOn(ports, incidentRow('inc_x', T0, 'other'))
    const seen: string[] = []
    let after: { createdAt: number; id: string } | null = null
    for (let page = 0; page < 5; page++) {
      const got: IncidentRow[] = await ports.incidents.list('acme', { limit: 2, after })
      const shown = got.slice(0, 2)
      seen.push(...shown.map((row) => row.id))
      if (got.length <= 2) break
      const last = shown.at(-1)!
      after = { createdAt: last.createdAt, id: last.id }
    }
    expect(seen).toEqual(['inc_c', 'inc_b', 'inc_a', 'inc_B', 'inc_d'])
    expect(
      (await ports.incidents.list('other', { limit: 10, after: null })).map((r) => r.id),
    ).toEqual(['inc_x'])
  })

  it('records the authority notification (latest wins) with its entry, in the tenant only', async () => {
    const { ports } = backend()
    await createIncidentOn(ports, incidentRow('inc_a'))
    const notify = (tenantId: string, at: number) =>
      ports.incidents.recordAuthorityNotified(
        { tenantId, id: 'inc_a', at },
        auditEntry('incident.authority_notified', 'inc_a', tenantId),
      )
    await notify('acme', T0 + 10)
    await notify('acme', T0 + 20)
    await notify('other', T0 + 30)
    expect(await ports.incidents.find('acme', 'inc_a')).toMatchObject({
      authorityNotifiedAt: T0 + 20,
    })
    const actions = await ports.audit.page({ tenantId: 'acme', order: 'asc', limit: 10 })
    expect(actions.map((r) => r.action)).toEqual([
      'incident.created',
      'incident.authority_notified',
      'incident.authority_notified',
    ])
  })

  it('an incident created before counters existed is recounted once on first read', async () => {
    const { ports } = backend()
    await createIncidentOn(ports, incidentRow('inc_a'))
    const scope = { tenantId: 'acme', incidentId: 'inc_a' }
    const figures = await ports.incidents.figures(scope)
    expect(figures).toMatchObject({
      records: 0,
      accountsExposed: 0,
      exposedAccounts: [],
      firstIngestAt: null,
    })
    expect(await ports.incidents.counters({ tenantId: 'acme', incidentId: 'inc_none' })).toEqual(
      await ports.incidents.recount({ tenantId: 'acme', incidentId: 'inc_none' }),
    )
  })
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createIncident, type NewIncident } from '../../src/incidents/create-incident.js'
import { createTestApp } from '../support/test-app.js'

describe('createIncident (through the incident and audit ports, real SQLite)', () => {
  let t: ReturnType<typeof createTestApp>
  beforeEach(async () => {
    t = createTestApp()
    await t.keyFor('clinic', ['admin'])
  })
  afterEach(() => t.close())

  const ports = () => ({
    incidents: t.deps.stores.incidents,
    clock: t.clock,
    random: t.deps.random,
  })
  const incident = (dataClasses: string[]): NewIncident => ({
    tenantId: 'clinic',
    actor: 'console:ann',
    name: 'Ransom e-mail',
    description: null,
    occurredAt: null,
    detectedAt: Date.UTC(2026, 0, 1),
    dataClasses,
    source: null,
  })
  const auditActions = async () =>
    (await t.deps.stores.audit.page({ tenantId: 'clinic', order: 'asc', limit: 10 })).map(
      (row) => `${row.action} ${row.actor} ${row.target}`,
    )

  it('refuses unknown data classes, naming them, and writes nothing', async () => {
    const outcome = await createIncident(ports(), incident(['email', 'shoe_size', 'mood']))
    expect(outcome).toEqual({ created: false, unknownDataClasses: ['shoe_size', 'mood'] })
    const listed = await t.deps.stores.incidents.list('clinic', { limit: 10, after: null })
    expect(listed).toEqual([])
    expect(await auditActions()).toEqual([])
  })

  it('stores the incident once per class, audited under its actor, with the 72-hour deadline', async () => {
    const outcome = await createIncident(ports(), incident(['health', 'email', 'health']))
    if (!outcome.created) throw new Error('expected the incident to be created')
    const stored = await t.deps.stores.incidents.find('clinic', outcome.incident.id)
    expect(stored).toEqual(outcome.incident)
    expect(JSON.parse(stored!.dataClasses)).toEqual(['health', 'email'])
    expect(stored!.notifyAuthorityBy - stored!.detectedAt).toBe(72 * 3_600_000)
    expect(await auditActions()).toEqual([`incident.created console:ann ${outcome.incident.id}`])
  })
})

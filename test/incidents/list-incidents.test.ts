import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createIncident } from '../../src/incidents/create-incident.js'
import { listIncidents } from '../../src/incidents/list-incidents.js'
import { createTestApp } from '../support/test-app.js'

describe('listIncidents (through the incident port, real SQLite)', () => {
  let t: ReturnType<typeof createTestApp>
  beforeEach(async () => {
    t = createTestApp()
    await t.keyFor('clinic', ['admin'])
    const ports = { incidents: t.deps.stores.incidents, clock: t.clock, random: t.deps.random }
    for (const name of ['first', 'second', 'third', 'fourth']) {
      t.clock.advance(1_000)
      const incident = { tenantId: 'clinic', actor: 'cli', name, description: null }
      const dates = { occurredAt: null, detectedAt: t.clock.now(), source: null }
      await createIncident(ports, { ...incident, ...dates, dataClasses: ['email'] })
    }
  })
  afterEach(() => t.close())

  const list = (limit: number, cursor?: string) =>
    listIncidents(t.deps.stores.incidents, { tenantId: 'clinic', limit, cursor })

  it('pages newest first and ends with a null cursor, even when the last page is full', async () => {
    const first = await list(2)
    if (!first.ok) throw new Error('expected a page')
    expect(first.incidents.map((incident) => incident.name)).toEqual(['fourth', 'third'])
    const last = await list(2, first.nextCursor!)
    expect(last).toMatchObject({ ok: true, nextCursor: null })
    if (last.ok)
      expect(last.incidents.map((incident) => incident.name)).toEqual(['second', 'first'])
  })

  it('refuses a cursor it never issued instead of starting over', async () => {
    expect(await list(2, 'not-a-cursor')).toEqual({ ok: false, reason: 'invalid_cursor' })
    expect(await list(2, btoa('12:drop table'))).toEqual({ ok: false, reason: 'invalid_cursor' })
  })
})

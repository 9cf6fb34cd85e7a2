import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, jsonRequest } from '../support/test-app.js'

const INCIDENT = {
  name: 'Ransom e-mail',
  detectedAt: '2026-01-01T10:00:00Z',
  dataClasses: ['email', 'password', 'health'],
}

describe('incidents: create, list, get, notified', () => {
  let t: ReturnType<typeof createTestApp>
  let admin: Record<string, string>
  let otherAdmin: Record<string, string>
  beforeEach(async () => {
    t = createTestApp()
    admin = await t.keyFor('clinic', ['admin'])
    otherAdmin = await t.keyFor('other', ['admin'])
  })
  afterEach(() => t.close())

  const create = (body: unknown, headers = admin) =>
    t.app.request('/v1/incidents', jsonRequest('POST', body, headers))

  it('creates an incident whose authority deadline is detectedAt + 72 h', async () => {
    const res = await create({
      ...INCIDENT,
      occurredAt: '2025-12-30T00:00:00+01:00',
      source: 'ransom',
    })
    expect(res.status).toBe(201)
    const body = (await res.json()) as { id: string; notifyAuthorityBy: string }
    expect(body.notifyAuthorityBy).toBe('2026-01-04T10:00:00.000Z')
    const got = await t.app.request(`/v1/incidents/${body.id}`, { headers: admin })
    expect(got.status).toBe(200)
    expect(await got.json()).toMatchObject({
      id: body.id,
      name: 'Ransom e-mail',
      occurredAt: '2025-12-29T23:00:00.000Z',
      dataClasses: ['email', 'password', 'health'],
      source: 'ransom',
      authorityNotifiedAt: null,
    })
  })

  it('refuses unknown data classes with the vocabulary', async () => {
    const res = await create({ ...INCIDENT, dataClasses: ['email', 'shoe_size'] })
    expect(res.status).toBe(400)
    const problem = (await res.json()) as { code: string; unknown: string[]; allowed: string[] }
    expect(problem.code).toBe('unknown_data_class')
    expect(problem.unknown).toEqual(['shoe_size'])
    expect(problem.allowed).toEqual(expect.arrayContaining(['email', 'health', 'password_hash']))
  })

  it('refuses a missing detectedAt or an empty data-class list', async () => {
    expect((await create({ ...INCIDENT, detectedAt: undefined })).status).toBe(400)
    expect((await create({ ...INCIDENT, dataClasses: [] })).status).toBe(400)
    expect((await create({ ...INCIDENT, detectedAt: 'yesterday' })).status).toBe(400)
  })

  it('needs an admin key: 401 without, 403 with another scope', async () => {
    expect((await create(INCIDENT, {})).status).toBe(401)
    const check = await t.keyFor('clinic', ['check', 'login'])
    expect((await create(INCIDENT, check)).status).toBe(403)
    expect((await t.app.request('/v1/incidents', { headers: check })).status).toBe(403)
  })

  it('hides another tenant’s incident (404) and unknown ids', async () => {
    const { id } = (await (await create(INCIDENT)).json()) as { id: string }
    for (const path of [`/v1/incidents/${id}`, `/v1/incidents/${id}/report`]) {
      const res = await t.app.request(path, { headers: otherAdmin })
      expect(res.status).toBe(404)
      expect(((await res.json()) as { code: string }).code).toBe('not_found')
    }
    expect((await t.app.request('/v1/incidents/inc_nope', { headers: admin })).status).toBe(404)
    const ingest = await t.app.request('/v1/incidents/inc_nope/exposures', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/x-ndjson' },
      body: '{"email":"a@b.be"}\n',
    })
    expect(ingest.status).toBe(404)
    const reset = await t.app.request(
      `/v1/incidents/${id}/force-reset`,
      jsonRequest('POST', { scope: 'exposed' }, otherAdmin),
    )
    expect(reset.status).toBe(404)
  })

  it('lists newest first with a cursor', async () => {
    const ids: string[] = []
    for (let i = 0; i < 5; i++) {
      t.clock.advance(1_000)
      ids.push(((await (await create({ ...INCIDENT, name: `n${i}` })).json()) as { id: string }).id)
    }
    await create({ ...INCIDENT, name: 'theirs' }, otherAdmin)
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2'
      const res = await t.app.request(`/v1/incidents${query}`, { headers: admin })
      expect(res.status).toBe(200)
      const page = (await res.json()) as { incidents: { id: string }[]; nextCursor: string | null }
      expect(page.incidents.length).toBeLessThanOrEqual(2)
      seen.push(...page.incidents.map((incident) => incident.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual([...ids].reverse())
    expect((await t.app.request('/v1/incidents?cursor=zzz', { headers: admin })).status).toBe(400)
    expect((await t.app.request('/v1/incidents?limit=0', { headers: admin })).status).toBe(400)
  })

  it('records the authority notification', async () => {
    const { id } = (await (await create(INCIDENT)).json()) as { id: string }
    const res = await t.app.request(
      `/v1/incidents/${id}/notified`,
      jsonRequest('POST', { at: '2026-01-02T09:00:00Z' }, admin),
    )
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ authorityNotifiedAt: '2026-01-02T09:00:00.000Z' })
  })
})

describe('tenant contact', () => {
  it('is set by an admin and validated', async () => {
    const t = createTestApp()
    const admin = await t.keyFor('clinic', ['admin'])
    expect((await t.app.request('/v1/tenant/contact', { headers: admin })).status).toBe(404)
    const contact = { name: 'DPO', email: 'dpo@example.be', phone: '+32 2 123 45 67' }
    const put = await t.app.request('/v1/tenant/contact', jsonRequest('PUT', contact, admin))
    expect(put.status).toBe(200)
    expect(await (await t.app.request('/v1/tenant/contact', { headers: admin })).json()).toEqual(
      contact,
    )
    const bad = await t.app.request(
      '/v1/tenant/contact',
      jsonRequest('PUT', { name: 'x', email: 'nope' }, admin),
    )
    expect(bad.status).toBe(400)
    t.close()
  })
})

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, jsonRequest } from '../support/test-app.js'

describe('GET /v1/incidents/{id}/report', () => {
  let t: ReturnType<typeof createTestApp>
  let admin: Record<string, string>
  beforeEach(async () => {
    t = createTestApp()
    admin = await t.keyFor('clinic', ['admin'])
    t.clock.set(Date.parse('2026-02-01T12:00:00Z'))
  })
  afterEach(() => t.close())

  const incident = async (body: Record<string, unknown>) => {
    const res = await t.app.request(
      '/v1/incidents',
      jsonRequest('POST', { name: 'n', detectedAt: '2026-02-01T00:00:00Z', ...body }, admin),
    )
    return ((await res.json()) as { id: string }).id
  }
  const report = async (id: string, format = '') =>
    t.app.request(`/v1/incidents/${id}/report${format}`, { headers: admin })
  const json = async (id: string) =>
    (await (await report(id)).json()) as {
      likelyConsequences: { risk: string; notifyDataSubjects: boolean }
      timeline: { deadline: { status: string; met: boolean | null } }
      art34: { required: boolean }
      contact: unknown
    }

  it('rates a contact-data-only breach as not high risk (no Art. 34 notification)', async () => {
    const id = await incident({ dataClasses: ['email', 'name'] })
    expect(await json(id)).toMatchObject({
      likelyConsequences: { risk: 'not_high', notifyDataSubjects: false },
      art34: { required: false },
      contact: null,
    })
  })

  it('tracks the 72-hour deadline: pending, overdue, met, missed', async () => {
    const id = await incident({ dataClasses: ['health'] })
    expect((await json(id)).timeline.deadline).toMatchObject({ status: 'pending', met: null })
    t.clock.advance(4 * 24 * 60 * 60_000)
    expect((await json(id)).timeline.deadline).toMatchObject({ status: 'overdue', met: false })
    const notify = (at: string) =>
      t.app.request(`/v1/incidents/${id}/notified`, jsonRequest('POST', { at }, admin))
    await notify('2026-02-05T00:00:00Z')
    expect((await json(id)).timeline.deadline).toMatchObject({ status: 'missed', met: false })
    await notify('2026-02-03T23:59:59Z')
    expect((await json(id)).timeline.deadline).toMatchObject({ status: 'met', met: true })
  })

  it('escapes every value in HTML and Markdown', async () => {
    const hostile = '<img src=x onerror=alert(1)> | **x** & "q"'
    await t.app.request(
      '/v1/tenant/contact',
      jsonRequest('PUT', { name: '<b>DPO</b>', email: 'dpo@example.be' }, admin),
    )
    const id = await incident({ dataClasses: ['message'], name: hostile, description: hostile })
    const html = await report(id, '?format=html')
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'")
    const page = await html.text()
    expect(page).not.toContain('<img')
    expect(page).not.toContain('<b>DPO')
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt; | **x** &amp; &quot;q&quot;')
    const md = await (await report(id, '?format=md')).text()
    expect(md).toContain('\\<img src=x onerror=alert(1)\\> \\| \\*\\*x\\*\\*')
    expect(md).toContain(
      '| Description | \\<img src=x onerror=alert(1)\\> \\| \\*\\*x\\*\\* \\& "q" |',
    )
    expect(md).not.toMatch(/[^\\]<img/)
    expect((await report(id, '?format=pdf')).status).toBe(400)
  })
})

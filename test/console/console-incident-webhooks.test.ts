import { eq, like } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { webhookOutbox } from '../../src/store/schema.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'
import { consoleUserFor, signInConsole } from './console-support.js'

/** The incident page shows the delivery state of that incident's webhook events only. */
describe('console incident page: webhook delivery status', () => {
  const t = createTestApp()
  let cookie: string
  let incidentA: string
  let incidentB: string

  const create = async (admin: Record<string, string>, name: string) => {
    const body = { name, detectedAt: '2026-01-01T00:00:00Z', dataClasses: ['email'] }
    const res = await t.app.request('/v1/incidents', jsonRequest('POST', body, admin))
    return ((await res.json()) as { id: string }).id
  }
  const page = async (id: string) =>
    (await t.app.request(`/console/incidents/${id}/webhooks`, { headers: { cookie } })).text()
  const figure = (html: string, id: string) =>
    Number(new RegExp(`id="${id}">(\\d+)<`).exec(html)?.[1])

  beforeAll(async () => {
    const user = await consoleUserFor(t, 'clinic', 'dpo@clinic.example')
    const admin = await t.keyFor('clinic', ['admin'])
    const hook = { url: 'https://hooks.clinic.example/pwguard', secret: 'whsec-clinic-0123456789' }
    await t.app.request('/v1/webhook', jsonRequest('PUT', hook, admin))
    incidentA = await create(admin, 'A')
    incidentB = await create(admin, 'B')
    ;({ cookie } = await signInConsole(t, user, 'clinic', 'dpo@clinic.example'))
  })
  afterAll(() => t.close())

  it("is a 404 for another tenant's incident", async () => {
    const admin = await t.keyFor('other', ['admin'])
    const theirs = await create(admin, 'theirs')
    expect(
      (await t.app.request(`/console/incidents/${theirs}/webhooks`, { headers: { cookie } }))
        .status,
    ).toBe(404)
  })

  it('counts pending, delivered and failed, and links failures to redelivery', async () => {
    const incidentPage = await t.app.request(`/console/incidents/${incidentA}`, {
      headers: { cookie },
    })
    const incidentHtml = await incidentPage.text()
    expect(incidentHtml).toContain(`href="/console/incidents/${incidentA}/webhooks"`)
    // The incident page itself carries the figures (an indexed read, not a payload scan).
    expect(figure(incidentHtml, 'hook-pending')).toBe(1)
    expect(figure(await page(incidentA), 'hook-pending')).toBe(1)
    const [eventA] = await t.driver.db
      .select()
      .from(webhookOutbox)
      .where(like(webhookOutbox.payload, `%${incidentA}%`))
    await t.driver.db
      .update(webhookOutbox)
      .set({ failedAt: t.clock.now(), lastError: 'HTTP 500' })
      .where(eq(webhookOutbox.id, eventA!.id))
    const html = await page(incidentA)
    expect(figure(html, 'hook-failed')).toBe(1)
    expect(figure(html, 'hook-pending')).toBe(0)
    expect(html).toContain('HTTP 500')
    expect(html).toContain('href="/console/webhook?status=failed"')
    // The other incident's event is its own.
    const other = await page(incidentB)
    expect(figure(other, 'hook-pending')).toBe(1)
    expect(figure(other, 'hook-failed')).toBe(0)
    const failedList = await (
      await t.app.request('/console/webhook?status=failed', { headers: { cookie } })
    ).text()
    expect(failedList).toContain(eventA!.id)
    // Only failed events are listed there: B's pending one is not.
    const events = await t.driver.db.select().from(webhookOutbox)
    const eventB = events.find((event) => event.id !== eventA!.id)
    expect(failedList).not.toContain(eventB!.id)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { consoleUserFor, formPost, signInConsole } from './console-support.js'

/** Data classes are named in the console's language on the form, the incident and the report. */
describe('console: data-class names in nl, fr and en', () => {
  const t = createTestApp()
  let user: Awaited<ReturnType<typeof consoleUserFor>>
  let incidentPath: string

  beforeAll(async () => {
    user = await consoleUserFor(t, 'clinic', 'dpo@clinic.example')
    const { cookie, csrf } = await signInConsole(t, user, 'clinic', 'dpo@clinic.example', 'fr')
    const params = new URLSearchParams({
      _csrf: csrf,
      name: 'fuite',
      detectedAt: '2026-01-01T10:00',
    })
    params.append('dataClasses', 'email')
    params.append('dataClasses', 'health')
    const res = await t.app.request('/console/incidents', {
      ...formPost({}, { cookie }),
      body: params.toString(),
    })
    expect(res.status).toBe(303)
    incidentPath = res.headers.get('location')!
  })
  afterAll(() => t.close())

  const cases = [
    ['fr', 'Données de santé', 'Adresses e-mail'],
    ['nl', 'Gezondheidsgegevens', 'E-mailadressen'],
    ['en', 'Health data', 'E-mail addresses'],
  ] as const

  it.each(cases)('%s: form, incident page and report', async (lang, health, email) => {
    const { cookie } = await signInConsole(t, user, 'clinic', 'dpo@clinic.example', lang)
    const get = async (path: string) => (await t.app.request(path, { headers: { cookie } })).text()
    expect(await get('/console/incidents')).toContain(health)
    expect(await get(incidentPath)).toContain(`${email}, ${health}`)
    const html = await get(`${incidentPath}/report`)
    expect(html).toContain(`${health} (health)`)
    // The summary sentence names the classes in the same language.
    expect(html).toContain(`${email}, ${health}`.toLowerCase())
    expect(await get(`${incidentPath}/report?format=md`)).toContain(`${health} (health)`)
    if (lang !== 'en') expect(html).not.toContain('Health data')
  })
})

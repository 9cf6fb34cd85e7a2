import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, Page } from 'playwright-core'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listIncidents } from '../../src/store/sqlite/sqlite-incident-reads.js'
import { tenants } from '../../src/store/schema.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'
import { launchBrowser, seriousViolations, serveApp } from './browser-support.js'
import { CONSOLE_PASSWORD, consoleUserFor } from './console-support.js'

/** The attacks a browser makes possible, tried in a real one. */
describe('console in Chromium: CSRF, fixation, logout, throttling, isolation', () => {
  const t = createTestApp()
  let browser: Browser
  let page: Page
  let server: Awaited<ReturnType<typeof serveApp>>
  let evil: Server
  let evilBase: string
  let user: Awaited<ReturnType<typeof consoleUserFor>>
  let otherIncident: string

  const signIn = async (password = CONSOLE_PASSWORD) => {
    // A fresh TOTP step for a real sign-in; wrong passwords keep the clock (backoff runs).
    if (password === CONSOLE_PASSWORD) t.clock.advance(31_000)
    await page.goto(`${server.base}/console/login?lang=en`)
    await page.getByLabel('Organisation').fill('clinic')
    await page.getByLabel('E-mail').fill('dpo@clinic.example')
    await page.getByLabel('Password').fill(password)
    await page.getByLabel('Authenticator code').fill(user.code(t.clock.now()))
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForLoadState()
  }
  const sessionCookie = async () =>
    (await page.context().cookies()).find((c) => c.name === 'pwguard_console')?.value

  beforeAll(async () => {
    t.clock.set(Date.now())
    user = await consoleUserFor(t, 'clinic', 'dpo@clinic.example')
    await consoleUserFor(t, 'other', 'dpo@other.example')
    const admin = await t.keyFor('other', ['admin'])
    const body = { name: 'other leak', detectedAt: '2026-01-01T00:00:00Z', dataClasses: ['email'] }
    const res = await t.app.request('/v1/incidents', jsonRequest('POST', body, admin))
    otherIncident = ((await res.json()) as { id: string }).id
    ;[browser, server] = await Promise.all([launchBrowser(), serveApp(t)])
    // Another site: a page that posts a form to the console as soon as it loads.
    evil = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html')
      res.end(`<form id="f" method="post" action="${server.base}/console/incidents">
        <input name="name" value="planted"><input name="detectedAt" value="2026-01-01T00:00">
        <input name="dataClasses" value="email"></form>
        <script>document.getElementById('f').submit()</script>`)
    }).listen(0, '127.0.0.1')
    await new Promise((resolve) => evil.once('listening', resolve))
    evilBase = `http://localhost:${(evil.address() as AddressInfo).port}`
    page = await (await browser.newContext()).newPage()
    page.setDefaultTimeout(15_000)
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    await server?.close()
    evil?.close()
    t.close()
  })

  it('never adopts a planted session id', async () => {
    const url = server.base
    await page.context().addCookies([{ name: 'pwguard_console', value: 'A'.repeat(43), url }])
    await signIn()
    expect(page.url()).toBe(`${server.base}/console`)
    const issued = await sessionCookie()
    expect(issued).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(issued).not.toBe('A'.repeat(43))
  })

  it('refuses a form another site submits, even while signed in', async () => {
    await page.goto(evilBase)
    await page.waitForLoadState()
    await page.waitForTimeout(500)
    const incidents = await listIncidents(t.driver.db, 'clinic', { limit: 10, after: null })
    expect(incidents.map((incident) => incident.name)).not.toContain('planted')
  })

  it("shows another tenant's incident as not found", async () => {
    const res = await page.goto(`${server.base}/console/incidents/${otherIncident}`)
    expect(res?.status()).toBe(404)
    expect(await page.content()).not.toContain('other leak')
  })

  it('previews a typed password against unsaved policy values, then saves them', async () => {
    await page.goto(`${server.base}/console/policy`)
    expect(await seriousViolations(page)).toEqual([])
    await page.getByLabel('Minimum length').fill('40')
    await page.getByLabel('Password to try').fill('violet-tractor-harbour-quietly-47')
    await expect.poll(() => page.locator('#preview-result').textContent()).toMatch(/^Refused: .*40/)
    await page.getByLabel('Minimum length').fill('')
    await expect
      .poll(() => page.locator('#preview-result').textContent())
      .toBe('Acceptable under these settings.')
    await page.getByLabel('Minimum length').fill('20')
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await expect(page.getByRole('status').textContent()).resolves.toBe('Policy saved.')
    const [tenant] = await t.driver.db.select().from(tenants).where(eq(tenants.id, 'clinic'))
    expect(tenant?.minPasswordLength).toBe(20)
  })

  it('signs out: the old session no longer opens a page', async () => {
    const before = await sessionCookie()
    await page.goto(`${server.base}/console`)
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL(/\/console\/login$/)
    await page.context().addCookies([{ name: 'pwguard_console', value: before!, url: server.base }])
    await page.goto(`${server.base}/console`)
    expect(page.url()).toBe(`${server.base}/console/login`)
  })

  it('throttles wrong passwords and says when to retry', async () => {
    for (let i = 0; i < 5; i++) {
      await signIn('wrong-password-wrong-password')
      await expect(page.getByRole('alert').textContent()).resolves.toContain('do not match')
    }
    await signIn('wrong-password-wrong-password')
    await expect(page.getByRole('alert').textContent()).resolves.toContain(
      'Too many failed attempts',
    )
  })
})

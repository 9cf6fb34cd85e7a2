import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import {
  importPatients,
  launchBrowser,
  leakedFile,
  seriousViolations,
  serveApp,
} from './browser-support.js'
import { CONSOLE_PASSWORD, consoleUserFor } from './console-support.js'

/** Screenshots are refreshed only when asked: `PWGUARD_SCREENSHOTS=1 npx vitest run <this>`. */
const SCREENSHOTS = process.env.PWGUARD_SCREENSHOTS === '1'
const shot = async (page: Page, name: string) => {
  if (SCREENSHOTS)
    await page.screenshot({ path: join('docs/console', `${name}.png`), fullPage: true })
}

/**
 * The day the ransom e-mail arrives, in clicks: sign in with TOTP, register the incident,
 * upload the leaked list, see who is exposed, force the resets after the confirmation, take
 * the tokens, open the report and record the authority notification. axe-core runs on every
 * page on the way.
 */
describe('console in Chromium: the Digitale Wachtkamer day', () => {
  const t = createTestApp({ settings: { maxImportBytes: 16 * 1024 * 1024 } })
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let server: Awaited<ReturnType<typeof serveApp>>
  let user: Awaited<ReturnType<typeof consoleUserFor>>
  let incidentUrl: string
  const a11y: Record<string, string[]> = {}
  const audit = async (name: string) => {
    a11y[name] = await seriousViolations(page)
    await shot(page, name)
  }

  beforeAll(async () => {
    t.clock.set(Date.now())
    user = await consoleUserFor(t, 'wachtkamer', 'manager@wachtkamer.example')
    await importPatients(t, 'wachtkamer', 1_000)
    ;[browser, server] = await Promise.all([launchBrowser(), serveApp(t)])
    context = await browser.newContext({ locale: 'nl-BE', acceptDownloads: true })
    page = await context.newPage()
    page.setDefaultTimeout(15_000)
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    await server?.close()
    t.close()
  })

  it('signs in with password and TOTP, in Dutch from the browser', async () => {
    await page.goto(`${server.base}/console`)
    expect(page.url()).toBe(`${server.base}/console/login`)
    await audit('login')
    await page.getByLabel('Organisatie').fill('wachtkamer')
    await page.getByLabel('E-mail').fill('manager@wachtkamer.example')
    await page.getByLabel('Wachtwoord').fill(CONSOLE_PASSWORD)
    await page.getByLabel('Code').fill(user.code(t.clock.now()))
    await page.getByRole('button', { name: 'Aanmelden' }).click()
    await page.waitForURL(`${server.base}/console`)
    await expect(page.locator('h1').textContent()).resolves.toBe('Overzicht')
    await expect(page.locator('dd').first().textContent()).resolves.toBe('1000')
    a11y['overview-empty'] = await seriousViolations(page)
  })

  it('registers the incident with health data', async () => {
    await page.getByRole('link', { name: 'Incidenten' }).click()
    await audit('incidents')
    await page.getByLabel('Naam').fill('Losgeld-e-mail: patiëntendatabank gestolen')
    await page.getByLabel('Ontdekt op').fill('2017-03-14T08:00')
    // The data classes are named in Dutch too.
    for (const label of [
      'E-mailadressen',
      'Wachtwoorden in platte tekst',
      'Vrije-tekstberichten',
      /^Gezondheidsgegevens/,
    ]) {
      await page.getByLabel(label).check()
    }
    await page.getByRole('button', { name: 'Registreren' }).click()
    await page.waitForURL(/\/console\/incidents\/inc_/)
    incidentUrl = page.url()
    await expect(page.locator('h1').textContent()).resolves.toContain('Losgeld')
  })

  it('uploads the 1,000-line leak: 300 matched, 150 passwords still in use', async () => {
    await page.locator('#file').setInputFiles({
      name: 'leak.ndjson',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(leakedFile()),
    })
    await page.getByRole('button', { name: 'Opladen' }).click()
    const report = page.locator('#upload-report')
    await report.waitFor({ timeout: 60_000 })
    await expect(report.locator('[data-figure=records]').textContent()).resolves.toBe('1000')
    await expect(report.locator('[data-figure=matched]').textContent()).resolves.toBe('300')
    await expect(report.locator('[data-figure=unmatched]').textContent()).resolves.toBe('700')
    await expect(report.locator('[data-figure=passwordMatches]').textContent()).resolves.toBe('150')
    await expect(
      page.locator('progress').evaluate((el) => (el as unknown as { value: number }).value),
    ).resolves.toBe(1)
    await page.reload()
    await expect(page.locator('#fig-matched').textContent()).resolves.toBe('300')
    await expect(page.locator('#fig-password-matches').textContent()).resolves.toBe('150')
    await audit('incident')
  })

  it('forces the 150 resets after a confirmation stating the count, and downloads the tokens once', async () => {
    await page.getByRole('button', { name: 'Nakijken' }).click()
    await expect(page.locator('#confirm-text').textContent()).resolves.toContain('150 accounts')
    await audit('force-reset-confirm')
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '150 resets afdwingen' }).click(),
    ])
    const csv = readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\r\n')
    expect(csv[0]).toBe('externalId,token,expiresAt')
    expect(csv).toHaveLength(151)
    expect(new Set(csv.slice(1).map((line) => line.split(',')[0]))).toEqual(
      new Set(Array.from({ length: 150 }, (_, k) => `patient-${k * 2}`)),
    )
    const token = csv[1]!.split(',')[1]!
    const change = await t.app.request(`/v1/accounts/${csv[1]!.split(',')[0]}/password`, {
      method: 'POST',
      headers: { ...(await t.keyFor('wachtkamer', ['login'])), 'content-type': 'application/json' },
      body: JSON.stringify({ resetToken: token, newPassword: 'violet-tractor-harbour-quietly-47' }),
    })
    expect(change.status).toBe(204)
  })

  it('opens the Art. 33 report and records the authority notification', async () => {
    await page.goto(incidentUrl)
    await expect(page.locator('#fig-resets').textContent()).resolves.toBe('150')
    await page.getByRole('link', { name: 'Melding openen' }).click()
    await page.waitForURL(/report\?format=html/)
    await expect(page.locator('h1').textContent()).resolves.toContain('Personal data breach report')
    // The report names the data classes in the console's language (Dutch here).
    await expect(page.content()).resolves.toContain('Gezondheidsgegevens (health)')
    await page.goto(`${server.base}/console`)
    await expect(page.locator('dd').nth(1).textContent()).resolves.toBe('149')
    await audit('overview')
    await page.goto(incidentUrl)
    await page.getByRole('button', { name: 'Nu als gemeld markeren' }).click()
    await expect(page.locator('#authority-status').textContent()).resolves.toContain('Gemeld op')
  })

  it(
    'switches language and passes axe on every other page, at phone width too',
    { timeout: 180_000 },
    async () => {
      await page.getByRole('link', { name: 'English' }).click()
      await expect(page.locator('#authority-status').textContent()).resolves.toContain(
        'Notified at',
      )
      for (const [name, path] of [
        ['accounts', '/console/accounts'],
        ['keys', '/console/keys'],
        ['policy', '/console/policy'],
        ['incident-webhooks', `${new URL(incidentUrl).pathname}/webhooks`],
        ['audit', '/console/audit?verify=1'],
      ] as const) {
        await page.goto(`${server.base}${path}`)
        await audit(name)
      }
      await expect(page.locator('#verdict').textContent()).resolves.toMatch(/^Chain intact/)
      await expect(page.locator('tbody').textContent()).resolves.toContain('incident.resets_forced')
      await page.goto(`${server.base}/console/webhook`)
      await page.getByLabel('Endpoint URL').fill('https://hooks.wachtkamer.example/pwguard')
      await page.getByLabel('Signing secret').fill('whsec-digitale-wachtkamer')
      await page.getByRole('button', { name: 'Save endpoint' }).click()
      await expect(page.getByRole('status').textContent()).resolves.toBe('Endpoint saved.')
      await expect(page.locator('main').textContent()).resolves.toContain(
        'Events go to https://hooks.wachtkamer.example/pwguard',
      )
      await audit('webhook')
      await page.goto(`${server.base}/console/migration`)
      await audit('migration')
      await page.getByLabel('Keep going until done').check()
      await page.getByRole('button', { name: 'Wrap the next batch' }).click()
      await page.waitForSelector('text=Done: no weak legacy hash left to wrap.', {
        timeout: 120_000,
      })
      await expect(page.locator('tbody').textContent()).resolves.toContain('wrapped:')
      await page.setViewportSize({ width: 375, height: 800 })
      await page.goto(`${server.base}/console`)
      await audit('overview-phone')
      const overflow = await page.evaluate(
        'document.documentElement.scrollWidth > window.innerWidth',
      )
      expect(overflow).toBe(false)
      expect(a11y).toEqual(Object.fromEntries(Object.keys(a11y).map((name) => [name, []])))
    },
  )
})

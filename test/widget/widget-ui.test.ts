import AxeBuilder from '@axe-core/playwright'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { useWidgetBrowser } from './support/widget-browser.js'

const session = useWidgetBrowser()

const status = (page: Page) => page.locator('.pwguard-status')

describe('the demo signup page', () => {
  it('gives Dutch feedback as the patient types, gates submit, and passes axe', async () => {
    const page = await (await session.browser.newContext()).newPage()
    await page.goto(`${session.servers.pwguard}/widget/demo?lang=nl`)
    await page.type('#password', 'Wachtkamer2017!', { delay: 5 })
    await expect
      .poll(() => status(page).textContent(), { timeout: 30_000 })
      .toContain('Dit wachtwoord komt voor in gelekte gegevens (42×)')
    expect(await page.locator('button[type=submit]').isDisabled()).toBe(true)
    expect(await page.getAttribute('#password', 'aria-describedby')).toMatch(/pwguard-\d+-status/)

    await page.fill('#password', '')
    await page.type('#password', 'kompas marmot orage tulp', { delay: 5 })
    await expect
      .poll(() => status(page).textContent(), { timeout: 30_000 })
      .toBe('Goed: dit wachtwoord wordt aanvaard.')
    expect(await page.locator('button[type=submit]').isEnabled()).toBe(true)
    expect(
      await page
        .locator('meter.pwguard-meter')
        .evaluate((meter) => (meter as unknown as { value: number }).value),
    ).toBeGreaterThanOrEqual(3)

    const toggle = page.locator('.pwguard-toggle')
    await toggle.click()
    expect(await page.getAttribute('#password', 'type')).toBe('text')
    expect(await toggle.getAttribute('aria-pressed')).toBe('true')
    expect(await toggle.textContent()).toBe('Wachtwoord verbergen')
    await toggle.click()
    expect(await page.getAttribute('#password', 'type')).toBe('password')

    const axe = await new AxeBuilder({ page }).analyze()
    expect(axe.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([])
    await page.context().close()
  }, 120_000)
})

describe('on a site page', () => {
  it('<pwguard-password-meter for> renders inside itself and goes away with it', async () => {
    session.servers.setSitePage(`<!doctype html><html lang="fr"><title>meter</title>
      <label for="pw">Mot de passe</label><input id="pw" type="password">
      <pwguard-password-meter for="pw"></pwguard-password-meter>
      <script type="module">
        import '${session.servers.pwguard}/widget/v1/pwguard.js'
        document.getElementById('pw').addEventListener('pwguard:verdict', (event) => {
          window.verdict = event.detail
        })
      </script>`)
    const page = await (await session.browser.newContext()).newPage()
    await page.goto(session.servers.site)
    await page.waitForSelector('pwguard-password-meter .pwguard-status', { state: 'attached' })
    await page.fill('#pw', 'password')
    await page.waitForFunction(() => 'verdict' in globalThis, null, { timeout: 30_000 })
    const verdict = await page.evaluate(
      () => (globalThis as unknown as { verdict: unknown }).verdict,
    )
    expect(verdict).toMatchObject({ acceptable: false, breached: true, score: 0 })
    expect(await page.locator('pwguard-password-meter .pwguard-status').textContent()).toContain(
      'Utilisez au moins 15 caractères (celui-ci en compte 8).',
    )
    await page.click('pwguard-password-meter .pwguard-toggle')
    expect(await page.getAttribute('#pw', 'type')).toBe('text')
    await page.locator('pwguard-password-meter').evaluate((meter) => meter.remove())
    expect(await page.locator('.pwguard').count()).toBe(0)
    // Removed while the password was shown: it is masked again.
    expect(await page.getAttribute('#pw', 'type')).toBe('password')
    expect(await page.getAttribute('#pw', 'aria-describedby')).toBeNull()
    await page.context().close()
  }, 120_000)

  it('attach(input, { feedback: false }) only dispatches the event; destroy() stops it', async () => {
    session.servers.setSitePage(`<!doctype html><html lang="en"><title>headless</title>
      <input id="pw" type="password" aria-label="Password">
      <script type="module">
        import { attach } from '${session.servers.pwguard}/widget/v1/pwguard.js'
        const input = document.getElementById('pw')
        window.verdicts = []
        input.addEventListener('pwguard:verdict', (event) => window.verdicts.push(event.detail))
        window.widget = attach(input, { feedback: false, minLength: 8, lang: 'de' })
      </script>`)
    const page = await (await session.browser.newContext()).newPage()
    await page.goto(session.servers.site)
    await page.waitForFunction(() => 'widget' in globalThis)
    await page.type('#pw', 'qwerty', { delay: 5 })
    await page.waitForFunction(
      () => (globalThis as unknown as { verdicts: [] }).verdicts.length > 0,
      null,
      {
        timeout: 30_000,
      },
    )
    const [verdict] = await page.evaluate(
      () =>
        (
          globalThis as unknown as {
            verdicts: { violations: { code: string; message: string }[] }[]
          }
        ).verdicts,
    )
    expect(verdict?.violations[0]).toEqual({
      code: 'too_short',
      message: 'Verwenden Sie mindestens 8 Zeichen (dieses hat 6).',
    })
    expect(await page.locator('.pwguard').count()).toBe(0)
    await page.evaluate(() =>
      (globalThis as unknown as { widget: { destroy(): void } }).widget.destroy(),
    )
    await page.type('#pw', '123', { delay: 5 })
    await page.waitForTimeout(500)
    expect(
      await page.evaluate(() => (globalThis as unknown as { verdicts: [] }).verdicts.length),
    ).toBe(1)
    await page.context().close()
  }, 120_000)
})

import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nodeApiReferenceAssets } from '../../src/meta/docs/api-reference-assets-node.js'
import { createTestApp } from '../support/test-app.js'
import { launchBrowser, seriousViolations, serveApp } from './browser-support.js'

/** /docs: Scalar's reference served by pwguard itself, with "try it" against the same origin. */
describe('/docs in Chromium: the interactive API reference, offline', () => {
  const t = createTestApp({ deps: { apiReference: nodeApiReferenceAssets() } })
  let browser: Browser
  let page: Page
  let server: Awaited<ReturnType<typeof serveApp>>
  const requested: string[] = []

  beforeAll(async () => {
    ;[browser, server] = await Promise.all([launchBrowser(), serveApp(t)])
    page = await (await browser.newContext()).newPage()
    page.setDefaultTimeout(30_000)
    // Every request the page makes is recorded; any for another host is refused.
    await page.route('**/*', async (route) => {
      const url = route.request().url()
      requested.push(url)
      if (url.startsWith(`${server.base}/`) || url.startsWith('data:')) await route.continue()
      else await route.abort()
    })
    // CSP violations, as the page sees them (the script runs before any of the page's).
    await page.addInitScript({
      content: `window.cspViolations = []; document.addEventListener('securitypolicyviolation',
        (e) => window.cspViolations.push(e.effectiveDirective + ' ' + e.blockedURI))`,
    })
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    await server?.close()
    t.close()
  })

  it('loads from this origin only, renders the Markdown and lists the endpoints', async () => {
    await page.goto(`${server.base}/docs`)
    // The info description's Markdown: backticks become code elements.
    await page.locator('code', { hasText: 'unsupported_media_type' }).first().waitFor()
    await page.getByText('tenant', { exact: true }).first().click()
    await page.getByText('/v1/tenant/policy').first().waitFor()
    expect(requested.filter((url) => !url.startsWith(`${server.base}/`))).toEqual([])
    // Refreshed with the console's: `PWGUARD_SCREENSHOTS=1 npx vitest run <this>`.
    if (process.env.PWGUARD_SCREENSHOTS === '1')
      await page.screenshot({ path: 'docs/console/docs.png' })
    expect(requested).toContain(`${server.base}/openapi.json`)
    // Scalar evaluates strings when it can (blocked, and nothing needs it); styles all pass.
    const csp = (await page.evaluate('window.cspViolations')) as string[]
    expect(csp.filter((v) => !v.startsWith('script-src eval'))).toEqual([])
    expect(await seriousViolations(page)).toEqual([])
  }, 90_000)

  it('"try it" with a pasted key calls this origin and succeeds', async () => {
    const key = (await t.keyFor('clinic', ['admin'])).authorization!.slice('Bearer '.length)
    await page.getByPlaceholder('Token').first().fill(key)
    await page.getByRole('button', { name: /Test Request.*get \/v1\/tenant\/policy/ }).click()
    const answered = page.waitForResponse((res) => res.url() === `${server.base}/v1/tenant/policy`)
    await page.getByRole('button', { name: /Send/ }).first().click()
    const res = await answered
    expect(res.status()).toBe(200)
    expect(res.request().headers()['authorization']).toBe(`Bearer ${key}`)
    expect(((await res.json()) as { effective: object }).effective).toBeDefined()
    expect(requested.filter((url) => !url.startsWith(`${server.base}/`))).toEqual([])
  }, 60_000)
})

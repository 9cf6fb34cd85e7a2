import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jsonRequest } from '../support/test-app.js'
import { launchChromium } from './support/chromium.js'
import { parityCases } from './support/parity-passwords.js'
import type { ParityCase } from './support/parity-passwords.js'
import { startWidgetServers } from './support/widget-servers.js'
import type { WidgetServers } from './support/widget-servers.js'

interface Outcome {
  acceptable: boolean
  codes: string[]
  messages: string[]
  count: number
  score: number
}

let servers: WidgetServers
let browser: Browser
let page: Page

beforeAll(async () => {
  servers = await startWidgetServers()
  browser = await launchChromium()
  servers.setSitePage(`<!doctype html><title>parity</title><script type="module">
    import { check } from '${servers.pwguard}/widget/v1/pwguard.js'
    window.widgetCheck = check
  </script>`)
  page = await browser.newPage()
  await page.goto(servers.site)
  await page.waitForFunction(() => 'widgetCheck' in globalThis, null, { timeout: 60_000 })
})

afterAll(async () => {
  await browser?.close()
  await servers?.close()
})

/** The widget's verdicts, computed by the served bundle inside Chromium. */
async function widgetOutcomes(cases: ParityCase[]): Promise<Outcome[]> {
  return page.evaluate(async (list) => {
    type Check = (
      password: string,
      options: object,
    ) => Promise<{
      acceptable: boolean
      violations: { code: string; message: string }[]
      count: number
      score: number
    }>
    const check = (globalThis as unknown as { widgetCheck: Check }).widgetCheck
    const out = []
    for (const { password, context, lang } of list) {
      const verdict = await check(password, { context, lang })
      out.push({
        acceptable: verdict.acceptable,
        codes: verdict.violations.map((violation) => violation.code),
        messages: verdict.violations.map((violation) => violation.message),
        count: verdict.count,
        score: verdict.score,
      })
    }
    return out
  }, cases)
}

async function serverOutcomes(cases: ParityCase[]): Promise<Outcome[]> {
  const headers = await servers.app.keyFor('parity', ['check'])
  const out: Outcome[] = []
  for (const { password, context, lang } of cases) {
    const response = await servers.app.app.request(
      '/v1/passwords/check',
      jsonRequest('POST', { password, context, locale: lang }, headers),
    )
    const body = (await response.json()) as {
      acceptable: boolean
      violations: { code: string; message: string }[]
      breach: { count: number }
      strength: { score: number }
    }
    out.push({
      acceptable: body.acceptable,
      codes: body.violations.map((violation) => violation.code),
      messages: body.violations.map((violation) => violation.message),
      count: body.breach.count,
      score: body.strength.score,
    })
  }
  return out
}

describe('widget and POST /v1/passwords/check agree', () => {
  it('on 500+ weak, breached, strong, non-ASCII and context-word passwords', async () => {
    const cases = parityCases()
    expect(cases.length).toBeGreaterThanOrEqual(500)
    const [widget, server] = [await widgetOutcomes(cases), await serverOutcomes(cases)]
    const mismatches = cases
      .map((testCase, index) => ({ testCase, widget: widget[index], server: server[index] }))
      .filter(({ widget, server }) => JSON.stringify(widget) !== JSON.stringify(server))
    expect(mismatches).toEqual([])
    // The list really covers each verdict the rules can give, not 500 copies of one.
    const codes = new Set(server.flatMap((outcome) => outcome.codes))
    expect([...codes].sort()).toEqual(['breached', 'context_word', 'too_short', 'weak'])
    const accepted = server.filter((outcome) => outcome.acceptable).length
    expect(accepted).toBeGreaterThan(100)
    expect(server.length - accepted).toBeGreaterThan(200)
  }, 240_000)
})

import type { Browser } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { launchChromium } from './chromium.js'
import { startWidgetServers, type WidgetServers } from './widget-servers.js'

/** The two origins and the headless browser a widget test file drives. */
export interface WidgetBrowser {
  readonly servers: WidgetServers
  readonly browser: Browser
}

/**
 * Starts the widget servers and Chromium once for the calling file (or `describe`) and closes
 * them after it; read `servers` and `browser` inside tests and later hooks.
 *
 * @example
 * const session = useWidgetBrowser()
 * it('loads', async () => {
 *   const page = await session.browser.newPage()
 *   await page.goto(session.servers.site)
 * })
 */
export function useWidgetBrowser(): WidgetBrowser {
  let servers: WidgetServers | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    servers = await startWidgetServers()
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await servers?.close()
  })
  return {
    get servers() {
      if (!servers) throw new Error('widget servers not started yet (use inside a test or hook)')
      return servers
    },
    get browser() {
      if (!browser) throw new Error('Chromium not launched yet (use inside a test or hook)')
      return browser
    },
  }
}

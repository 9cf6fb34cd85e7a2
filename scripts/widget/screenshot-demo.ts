/**
 * Regenerates docs/widget/demo-nl.png, the README's picture of the widget: the Dutch demo
 * signup page with a breached password typed, rendered by the Chromium the tests use.
 */
import { fileURLToPath } from 'node:url'
import { launchChromium } from '../../test/widget/support/chromium.js'
import { startWidgetServers } from '../../test/widget/support/widget-servers.js'

const out = fileURLToPath(new URL('../../docs/widget/demo-nl.png', import.meta.url))
const servers = await startWidgetServers()
const browser = await launchChromium()
try {
  const page = await browser.newPage({ viewport: { width: 560, height: 700 } })
  await page.goto(`${servers.pwguard}/widget/demo?lang=nl`)
  await page.type('#password', 'Wachtkamer2017!')
  await page.waitForSelector('.pwguard-violations li', { timeout: 120_000 })
  await page.screenshot({ path: out })
  console.log(`wrote ${out}`)
} finally {
  await browser.close()
  await servers.close()
}

import chromium from '@sparticuz/chromium'
import { chromium as playwright } from 'playwright-core'
import type { Browser } from 'playwright-core'

/**
 * @sparticuz/chromium's defaults are for Lambda scrapers: CORS off (`--disable-web-security`),
 * which the widget tests need on as in a visitor's browser, and one process, which crashes
 * the browser when a second context closes.
 */
const DROPPED_ARGS = new Set([
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--single-process',
])

/** Headless Chromium from npm (@sparticuz/chromium): no system browser, works on a fresh clone. */
export async function launchChromium(): Promise<Browser> {
  return playwright.launch({
    executablePath: await chromium.executablePath(),
    args: chromium.args.filter((arg) => !DROPPED_ARGS.has(arg)),
    headless: true,
  })
}

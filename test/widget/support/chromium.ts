import chromium from '@sparticuz/chromium'
import { chromium as playwright } from 'playwright-core'
import type { Browser } from 'playwright-core'

/**
 * @sparticuz/chromium's defaults switch CORS off (`--disable-web-security`) for its Lambda
 * scrapers; the widget tests need a browser that enforces it like a visitor's does.
 */
const UNSAFE_ARGS = new Set(['--disable-web-security', '--allow-running-insecure-content'])

/** Headless Chromium from npm (@sparticuz/chromium): no system browser, works on a fresh clone. */
export async function launchChromium(): Promise<Browser> {
  return playwright.launch({
    executablePath: await chromium.executablePath(),
    args: chromium.args.filter((arg) => !UNSAFE_ARGS.has(arg)),
    headless: true,
  })
}

import { createHash } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import AxeBuilder from '@axe-core/playwright'
import chromium from '@sparticuz/chromium'
import { chromium as playwright, type Browser, type Page } from 'playwright-core'
import { ndjson } from '../support/accounts-fixtures.js'
import type { createTestApp } from '../support/test-app.js'

type TestApp = ReturnType<typeof createTestApp>

/** Chromium from the npm package (@sparticuz/chromium): nothing installed by hand. */
export async function launchBrowser(): Promise<Browser> {
  return playwright.launch({
    executablePath: await chromium.executablePath(),
    args: chromium.args,
    headless: true,
  })
}

/** Serves the test app over real HTTP on a free loopback port. */
export async function serveApp(t: TestApp): Promise<{ base: string; close: () => Promise<void> }> {
  const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  const { port } = server.address() as AddressInfo
  return {
    base: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/** axe-core on the current page: the serious and critical violations, by rule id. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze()
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

/** The Digitale Wachtkamer patients: salted SHA-1 legacy hashes (fast to verify at ingest). */
export const patientEmail = (i: number) => `patient${i}@wachtkamer.example`
export const currentPassword = (i: number) => `wachtkamer-patient-${i}-current`
const oldPassword = (i: number) => `wachtkamer-patient-${i}-old`

export async function importPatients(t: TestApp, tenant: string, count: number) {
  const admin = await t.keyFor(tenant, ['admin'])
  const accounts = Array.from({ length: count }, (_, i) => {
    const salt = `salt${i}`
    const hash = createHash('sha1')
      .update(salt + currentPassword(i))
      .digest('hex')
    const hint = { algorithm: 'sha1', salt, saltPosition: 'prefix' }
    return { externalId: `patient-${i}`, email: patientEmail(i), hash, hint }
  })
  const res = await t.app.request('/v1/accounts/import', {
    method: 'POST',
    headers: { ...admin, 'content-type': 'application/x-ndjson' },
    body: ndjson(accounts),
  })
  if (res.status !== 200) throw new Error(`import failed: ${res.status}`)
}

/**
 * The leaked file: 1,000 lines, of which 300 name patients (even ones with their current
 * password, odd ones an old one) and 700 people without an account.
 */
export function leakedFile(): string {
  const lines = Array.from({ length: 1_000 }, (_, i) =>
    i < 300
      ? {
          email: patientEmail(i).toUpperCase(),
          password: i % 2 === 0 ? currentPassword(i) : oldPassword(i),
        }
      : { email: `stranger${i}@mail.example`, password: `stranger-${i}-password` },
  )
  return ndjson(lines)
}

import { buildServices } from '../../src/app/services.js'
import { createConsoleUser } from '../../src/console/auth/create-console-user.js'
import { totpCode } from '../../src/console/auth/totp.js'
import { ensureTenant } from '../../src/store/sqlite/sqlite-tenant-seed.js'
import type { createTestApp } from '../support/test-app.js'

type TestApp = ReturnType<typeof createTestApp>

export const CONSOLE_PASSWORD = 'Quiet-Lantern-Harbour-Mosaic-84'
export const ORIGIN = 'http://localhost'

/** Creates the tenant and a console user through the domain function; returns its secret. */
export async function consoleUserFor(t: TestApp, tenantId: string, email: string) {
  await ensureTenant(t.driver.db, { id: tenantId }, t.clock.now())
  const outcome = await createConsoleUser(t.deps, buildServices(t.deps), {
    tenantId,
    email,
    password: CONSOLE_PASSWORD,
  })
  if (outcome.kind !== 'created') throw new Error(`console user not created: ${outcome.kind}`)
  const secret = new URL(outcome.totpUri).searchParams.get('secret')
  if (!secret) throw new Error('no secret in the provisioning URI')
  return { id: outcome.id, secret, code: (at: number) => totpCode(secret, at) }
}

/** A same-origin form POST as a browser sends it. */
export function formPost(fields: Record<string, string>, headers: Record<string, string> = {}) {
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: ORIGIN,
      'sec-fetch-site': 'same-origin',
      ...headers,
    },
    body: new URLSearchParams(fields).toString(),
  }
}

/** The `name=value` of the session cookie a response set, or null. */
export function sessionCookie(res: Response): string | null {
  const header = res.headers.getSetCookie().find((c) => /pwguard_console=/.test(c))
  return header ? (header.split(';')[0] ?? null) : null
}

/** The CSRF token in a rendered page's forms. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([0-9a-f]{64})"/.exec(html)
  if (!match?.[1]) throw new Error('no CSRF token on the page')
  return match[1]
}

/** Signs a console user in (a fresh TOTP step) and returns its cookie and a page's CSRF token. */
export async function signInConsole(
  t: TestApp,
  user: Awaited<ReturnType<typeof consoleUserFor>>,
  tenant: string,
  email: string,
  lang = 'en',
) {
  t.clock.advance(31_000)
  const fields = { tenant, email, password: CONSOLE_PASSWORD, code: user.code(t.clock.now()) }
  const res = await t.app.request('/console/login', formPost(fields))
  if (res.status !== 303) throw new Error(`console sign-in failed: ${res.status}`)
  const cookie = `${sessionCookie(res)!}; pwguard_lang=${lang}`
  const page = await t.app.request('/console', { headers: { cookie } })
  return { cookie, csrf: csrfFrom(await page.text()) }
}

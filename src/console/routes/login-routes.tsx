/** @jsxImportSource hono/jsx */
import { readForm } from '../read-form.js'
import { Hono, type Context } from 'hono'
import type { AppDeps } from '../../app/deps.js'
import type { Services } from '../../app/services.js'
import { checkAuditEntry } from '../../audit/audit-insert.js'
import { isWellFormedText, MAX_PASSWORD_BYTES } from '../../http/password-field.js'
import { consoleClientIp } from '../auth/console-client-ip.js'
import { loginConsoleUser } from '../auth/console-login.js'
import { endSession } from '../auth/console-sessions.js'
import {
  clearSessionCookie,
  readSessionCookie,
  writeSessionCookie,
} from '../auth/session-cookie.js'
import { auditActor, type ConsoleEnv } from '../console-env.js'
import { LoginPage } from '../views/login-page.js'

/**
 * A form field, or '' (refused) when over `max` UTF-8 bytes or not well-formed Unicode: a lone
 * surrogate would encode as U+FFFD, so two different passwords would hash alike.
 */
const field = (form: Record<string, unknown>, name: string, max = MAX_PASSWORD_BYTES) => {
  const value = form[name]
  return typeof value === 'string' &&
    isWellFormedText(value) &&
    new TextEncoder().encode(value).length <= max
    ? value
    : ''
}

/** GET/POST /console/login (public: before the session middleware). */
export function loginRoutes(deps: AppDeps, services: Services) {
  const router = new Hono<ConsoleEnv>()
  const page = (c: Context<ConsoleEnv>, extra: { tenant?: string; error?: string } = {}) =>
    LoginPage({ t: c.get('t'), locale: c.get('locale'), ...extra })
  router.get('/login', (c) => c.html(page(c)))
  router.post('/login', async (c) => {
    const form = await readForm(c.req)
    const input = {
      tenantId: field(form, 'tenant', 64),
      email: field(form, 'email', 320),
      password: field(form, 'password'),
      code: field(form, 'code', 16),
    }
    const t = c.get('t')
    if (Object.values(input).some((value) => value === '')) {
      return c.html(page(c, { tenant: input.tenantId, error: t.login.invalid }), 401)
    }
    // Whatever session the browser brought is ended in the write that starts the new one (and
    // logs console.signed_in): a planted id never becomes signed in.
    const presented = readSessionCookie(c)
    const ipSubject = consoleClientIp(c)
    const outcome = await loginConsoleUser(
      deps,
      services,
      { ...input, ipSubject },
      { audited: true, ...(presented && { replaces: presented }) },
    )
    if (outcome.kind === 'throttled') {
      const minutes = Math.ceil(outcome.retryAfterMs / 60_000)
      c.header('retry-after', String(Math.ceil(outcome.retryAfterMs / 1000)))
      return c.html(page(c, { tenant: input.tenantId, error: t.login.throttled(minutes) }), 429)
    }
    if (outcome.kind === 'invalid') {
      return c.html(page(c, { tenant: input.tenantId, error: t.login.invalid }), 401)
    }
    writeSessionCookie(c, outcome.session.id)
    return c.redirect('/console', 303)
  })
  return router
}

/** POST /console/logout (behind the session and CSRF checks). */
export function logoutRoute(deps: AppDeps, services: Pick<Services, 'stores'>) {
  const router = new Hono<ConsoleEnv>()
  router.post('/logout', async (c) => {
    const actor = c.get('actor')
    // The sign-out and its entry in one write: logged only when a session really ended.
    const entry = checkAuditEntry({
      tenantId: actor.tenant.id,
      actor: auditActor(actor),
      action: 'console.signed_out',
      at: deps.clock.now(),
    })
    await endSession(services.stores.consoleAuth, actor.sessionId, entry)
    clearSessionCookie(c)
    return c.redirect('/console/login', 303)
  })
  return router
}

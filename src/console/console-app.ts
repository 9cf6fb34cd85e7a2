import { Hono, type Context, type Next } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import type { AppDeps } from '../app/deps.js'
import type { Services } from '../app/services.js'
import type { DigestJobRunner } from '../incidents/digest-job-runner.js'
import { CONSOLE_CSS } from './assets/console-css.js'
import { CONSOLE_JS } from './assets/console-js.js'
import { createCsrfKey, requireCsrfToken, sameOriginOnly } from './auth/csrf.js'
import { requireSession } from './auth/require-session.js'
import type { ConsoleEnv } from './console-env.js'
import { MESSAGES } from './i18n/messages.js'
import { CONSOLE_LOCALES, pickLocale, type ConsoleLocale } from './i18n/pick-locale.js'
import { accountPages } from './routes/account-pages.js'
import { auditPages } from './routes/audit-pages.js'
import { incidentPages } from './routes/incident-pages.js'
import { incidentWebhookPage } from './routes/incident-webhook-page.js'
import { keyPages } from './routes/key-pages.js'
import { loginRoutes, logoutRoute } from './routes/login-routes.js'
import { migrationPages } from './routes/migration-pages.js'
import { overviewPage } from './routes/overview-page.js'
import { policyPages } from './routes/policy-pages.js'
import { webhookPages } from './routes/webhook-pages.js'

/** No inline script or style anywhere, no third-party origin: an injected tag stays inert. */
export const CONSOLE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

/**
 * The admin console, mounted at /console: server-rendered pages over the same domain
 * functions the API routes call, behind console sessions (password + TOTP).
 */
export function consoleApp(
  deps: AppDeps,
  services: Services,
  digestJob: Pick<DigestJobRunner, 'enqueue'>,
) {
  const app = new Hono<ConsoleEnv>()
  const csrfKey = createCsrfKey(deps.settings.secret)
  app.use(async (c, next) => {
    await next()
    // A page may set a stricter policy of its own (the report); every other one gets this.
    if (!c.res.headers.has('content-security-policy')) {
      c.header('content-security-policy', CONSOLE_CSP)
    }
    c.header('x-content-type-options', 'nosniff')
    // same-origin, not no-referrer: with no-referrer, browsers send `Origin: null` on our own
    // form posts, and the origin check would refuse them.
    c.header('referrer-policy', 'same-origin')
    c.header('x-frame-options', 'DENY')
    if (!c.req.path.startsWith('/console/assets/')) c.header('cache-control', 'no-store')
  })
  app.use(locale())
  app.use(sameOriginOnly())
  app.get('/assets/console.css', (c) =>
    c.body(CONSOLE_CSS, 200, {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': 'max-age=3600',
    }),
  )
  app.get('/assets/console.js', (c) =>
    c.body(CONSOLE_JS, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'max-age=3600',
    }),
  )
  app.route('/', loginRoutes(deps, services))
  app.use(requireSession(deps, csrfKey))
  // Bodies are counted by the app's meter at the form limit (PWGUARD_MAX_BODY_BYTES) as they
  // stream. Only a signed-in user's exposure upload gets the import limit, raised here, after
  // the session check and before the CSRF check parses a multipart body: nothing is read first.
  app.post('/incidents/:id/exposures', async (c, next) => {
    const meter = c.get('bodyMeter')
    meter?.allow(deps.settings.maxImportBytes)
    meter?.refuseDeclaredExcess()
    await next()
  })
  app.use(requireCsrfToken())
  app.route('/', logoutRoute(deps, services))
  app.route('/', overviewPage(deps))
  app.route('/', incidentPages(deps, services, digestJob))
  app.route('/', incidentWebhookPage(deps))
  app.route('/', accountPages(deps, services))
  app.route('/', auditPages(deps))
  app.route('/', keyPages(deps))
  app.route('/', policyPages(deps, services))
  app.route('/', webhookPages(deps))
  app.route('/', migrationPages(deps))
  return app
}

/** `?lang=xx` switches and remembers the language; otherwise the cookie or Accept-Language. */
function locale() {
  return async (c: Context<ConsoleEnv>, next: Next) => {
    const asked = c.req.query('lang')
    let chosen: ConsoleLocale
    if (asked && (CONSOLE_LOCALES as readonly string[]).includes(asked)) {
      chosen = asked as ConsoleLocale
      setCookie(c, 'pwguard_lang', chosen, { path: '/console', sameSite: 'Lax' })
    } else {
      chosen = pickLocale(getCookie(c, 'pwguard_lang'), c.req.header('accept-language'))
    }
    c.set('locale', chosen)
    c.set('t', MESSAGES[chosen])
    await next()
  }
}

import { OpenAPIHono } from '@hono/zod-openapi'
import { requestId } from 'hono/request-id'
import { createErrorHandler } from '../http/error-handler.js'
import type { AppEnv } from '../http/app-env.js'
import { ProblemError } from '../http/problem.js'
import { meterRequestBody } from '../http/meter-request-body.js'
import { problemsRoutes } from '../http/problems-routes.js'
import { PROBLEMS_PAGE_PATH } from '../http/problem.js'
import { rangeRoutes } from '../breach/range-routes.js'
import { DOCS_PATH, docsRoutes } from '../meta/docs/docs-routes.js'
import { healthRoutes } from '../meta/health-routes.js'
import { metricsRoutes } from '../meta/metrics-routes.js'
import { readyRoutes } from '../meta/ready-routes.js'
import { recordRequestMetrics } from '../meta/request-metrics.js'
import { checkRoutes } from '../policy/check-routes.js'
import { hashVerifyRoutes } from '../accounts/hash-verify-routes.js'
import { loginRoutes } from '../accounts/login-routes.js'
import { appDigestJob } from '../incidents/exposure-routes.js'
import { auditRoutes } from '../audit/audit-routes.js'
import { migrationRoutes } from '../migration/migration-routes.js'
import { widgetRoutes } from '../widget/widget-routes.js'
import { consoleApp } from '../console/console-app.js'
import { accountsRouter } from './accounts-router.js'
import { incidentsRouter } from './incidents-router.js'
import { tenantRouter } from './tenant-router.js'
import { webhookRouter } from './webhook-router.js'
import type { AppDeps } from './deps.js'
import { buildServices, type Services } from './services.js'

/**
 * Builds the whole HTTP service from its dependencies. The one wiring point: entries and tests
 * construct adapters and call this; nothing below reaches for a global.
 *
 * @example
 * // Node (src/entry/start-node-server.ts): adapters from the parsed config, then serve.
 * const built = await buildNodeDeps(parseConfig(process.env), logger)
 * const app = createApp(built.deps)
 * serve({ fetch: app.fetch, port: config.port })
 * // Workers (src/entry/worker-handler.ts): createApp(deps) over D1, R2 and WASM argon2.
 * // Tests: createTestApp() in test/support/test-app.ts, then app.request('/health').
 */
export function createApp(deps: AppDeps) {
  const { settings } = deps
  const app = new OpenAPIHono<AppEnv>()
  app.onError(createErrorHandler(deps.logger))
  app.notFound(() => {
    throw new ProblemError({
      status: 404,
      code: 'not_found',
      title: 'Not found',
      detail: 'No such route.',
    })
  })
  // The range API is mounted before the request-id middleware: it logs nothing, and its hot
  // path is held to 0.85x a raw node:http server (scripts/bench/range.ts). At `/`, because it
  // answers the bare `/range` and `/range/` too (400, like HIBP), which a `/range` mount cannot.
  app.route('/', rangeRoutes(deps))
  if (deps.metrics) app.use(recordRequestMetrics(deps.metrics))
  app.use(requestId())
  // Counts body bytes as handlers pull them, reading none itself: auth and routing answer
  // first, and only the bulk routes, once authenticated, raise the limit (uploadBody).
  app.use(meterRequestBody(settings.maxBodyBytes))

  // Each group is mounted at its own path and each route checks its own scope, so the order
  // of the mounts below carries no meaning.
  app.route('/health', healthRoutes())
  app.route(PROBLEMS_PAGE_PATH, problemsRoutes())
  app.route('/ready', readyRoutes(deps))
  app.route('/metrics', metricsRoutes(deps.metrics))
  app.route('/widget', widgetRoutes(deps))
  const services = buildServices(deps)
  const { stores } = deps
  const { tenantKeys } = stores
  // One zxcvbn instance (built once, ~17 MB) for the check route and the account routes.
  app.route('/v1/passwords', checkRoutes({ tenantKeys, check: services.passwordChecker }))
  app.route('/v1/accounts', accountsRouter(deps, services))
  const { emailIndexer, breach, verifier, verifyBudget } = services
  const login = loginDeps(deps, services)
  app.route(
    '/v1/login',
    loginRoutes({ tenantKeys, emailIndexer, breach, login, metrics: deps.metrics }),
  )
  app.route(
    '/v1/hashes',
    hashVerifyRoutes({ tenantKeys, hasher: deps.hasher, verifier, verifyBudget }),
  )
  // One digest job for the API and the console uploads: together they hold its argon2 slots.
  const digestJob = appDigestJob(deps)
  app.route('/v1/incidents', incidentsRouter(deps, services, digestJob))
  app.route('/v1/tenant', tenantRouter(deps))
  app.route('/v1/webhook', webhookRouter(deps))
  app.route('/v1/admin/migration', migrationRoutes(deps))
  app.route('/v1/audit', auditRoutes(deps))
  app.route('/console', consoleApp(deps, services, digestJob))

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
  })
  const document = () =>
    app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'pwguard',
        version: '1',
        description:
          'Credential-breach and password-hygiene guard: breached-password checks, an HIBP-compatible range API, a credential vault with argon2id upgrades, and incident response. Request bodies are read only after the key and the route are checked. JSON routes take `application/json` (another type: 415 `unsupported_media_type`; no body: 400 `body_required`, nothing written) up to PWGUARD_MAX_BODY_BYTES (413 `payload_too_large`). Every password field refuses a lone UTF-16 surrogate (400 `password_ill_formed`) and more than 1024 UTF-8 bytes (400 `password_too_long`), before any hashing.',
      },
    })
  app.get('/openapi.json', (c) => c.json(document()))
  app.route(
    DOCS_PATH,
    docsRoutes(deps.apiReference, () => deps.random.bytes(16)),
  )
  return app
}

export type App = ReturnType<typeof createApp>

/** What a login needs but its breach lookup, which is per tenant (`services.breach`). */
function loginDeps({ stores, hasher, clock, settings }: AppDeps, services: Services) {
  return {
    accounts: stores.accounts,
    throttle: stores.throttle,
    verifier: services.verifier,
    hasher,
    dummy: services.dummy,
    floor: services.failureFloor,
    now: () => clock.now(),
    audit: { stores },
    policy: settings.policy,
    legacy: services.legacyVerify,
  }
}

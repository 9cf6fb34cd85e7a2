import { OpenAPIHono } from '@hono/zod-openapi'
import { requestId } from 'hono/request-id'
import { createErrorHandler } from '../http/error-handler.js'
import type { AppEnv } from '../http/app-env.js'
import { ProblemError } from '../http/problem.js'
import { meterRequestBody } from '../http/meter-request-body.js'
import { problemsRoutes } from '../http/problems-routes.js'
import { rangeRoutes } from '../breach/range-routes.js'
import { docsRoutes } from '../meta/docs/docs-routes.js'
import { healthRoutes } from '../meta/health-routes.js'
import { metricsRoutes } from '../meta/metrics-routes.js'
import { readyRoutes } from '../meta/ready-routes.js'
import { recordRequestMetrics } from '../meta/request-metrics.js'
import { checkRoutes } from '../policy/check-routes.js'
import { accountRoutes } from '../accounts/account-routes.js'
import { hashVerifyRoutes } from '../accounts/hash-verify-routes.js'
import { importRoutes } from '../accounts/import-routes.js'
import { loginRoutes } from '../accounts/login-routes.js'
import { passwordRoutes } from '../accounts/password-routes.js'
import { appDigestJob, exposureRoutes } from '../incidents/exposure-routes.js'
import { incidentRoutes } from '../incidents/incident-routes.js'
import { reportRoutes } from '../incidents/report-routes.js'
import { accountResetRoutes } from '../incidents/account-reset-routes.js'
import { forceResetRoutes } from '../incidents/force-reset-routes.js'
import { contactRoutes } from '../tenants/contact-routes.js'
import { tenantPolicyRoutes } from '../tenants/tenant-policy-routes.js'
import { legacyVerifyRoutes } from '../legacy-verify/legacy-verify-routes.js'
import { auditRoutes } from '../audit/audit-routes.js'
import { webhookEventRoutes } from '../webhooks/webhook-event-routes.js'
import { webhookRoutes } from '../webhooks/webhook-routes.js'
import { withLiveCorpus } from '../breach/live/with-live-corpus.js'
import { migrationRoutes } from '../migration/migration-routes.js'
import { widgetRoutes } from '../widget/widget-routes.js'
import { consoleApp } from '../console/console-app.js'
import type { AppDeps } from './deps.js'
import { buildServices } from './services.js'

/**
 * Builds the whole HTTP service from its dependencies. The one wiring point: entries and tests
 * construct adapters and call this; nothing below reaches for a global.
 *
 * @example
 * // Node (src/entry/start-node-server.ts): adapters from the parsed config, then serve.
 * const built = await buildNodeDeps(parseConfig(process.env), logger)
 * const app = createApp(withLiveCorpus(built.deps))
 * serve({ fetch: app.fetch, port: config.port })
 * // Workers (src/entry/worker-handler.ts): createApp(deps) over D1, R2 and WASM argon2.
 * // Tests: createTestApp() in test/support/test-app.ts, then app.request('/health').
 */
export function createApp(appDeps: AppDeps) {
  // Every corpus consumer (check, signup, login, /range) sees the built corpus plus the
  // passwords incidents exposed since; incident ingest adds to it through `deps.corpus`.
  const deps = withLiveCorpus(appDeps)
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
  // path is held to 0.85x a raw node:http server (scripts/bench/range.ts).
  app.route('/', rangeRoutes(deps))
  if (deps.metrics) app.use(recordRequestMetrics(deps.metrics))
  app.use(requestId())
  // Counts body bytes as handlers pull them, reading none itself: auth and routing answer
  // first, and only the bulk routes, once authenticated, raise the limit (uploadBody).
  app.use(meterRequestBody(settings.maxBodyBytes))

  app.route('/', healthRoutes())
  app.route('/', problemsRoutes())
  app.route('/', readyRoutes(deps))
  app.route('/', metricsRoutes(deps.metrics))
  app.route('/', widgetRoutes(deps))
  const services = buildServices(deps)
  // One zxcvbn instance (built once, ~17 MB) for the check route and the account routes.
  app.route('/', checkRoutes(deps, services.passwordChecker))

  // Import before the generic account routes: `/v1/accounts/import` is not an externalId.
  app.route('/', importRoutes(deps, services))
  app.route('/', accountRoutes(deps, services))
  app.route('/', passwordRoutes(deps, services))
  app.route('/', loginRoutes(deps, services))
  app.route('/', hashVerifyRoutes(deps, services))
  app.route('/', incidentRoutes(deps))
  // One digest job for the API and the console uploads: together they hold its argon2 slots.
  const digestJob = appDigestJob(deps)
  app.route('/', exposureRoutes(deps, services, digestJob))
  app.route('/', forceResetRoutes(deps, services))
  app.route('/', accountResetRoutes(deps, services))
  app.route('/', reportRoutes(deps))
  app.route('/', contactRoutes(deps, services))
  app.route('/', tenantPolicyRoutes(deps, services))
  app.route('/', legacyVerifyRoutes(deps, services))
  app.route('/', migrationRoutes(deps, services))
  app.route('/', webhookRoutes(deps, services))
  app.route('/', webhookEventRoutes(deps, services))
  app.route('/', auditRoutes(deps, services))
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
    '/',
    docsRoutes(deps.apiReference, () => deps.random.bytes(16)),
  )
  return app
}

export type App = ReturnType<typeof createApp>

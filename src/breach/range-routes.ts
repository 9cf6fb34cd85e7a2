import type { Context } from 'hono'
import type { AppDeps } from '../app/deps.js'
import type { AppEnv } from '../http/app-env.js'
import { createCorsPolicy } from '../http/cors-policy.js'
import { requireScope } from '../http/require-scope.js'
import { createRouter } from '../http/router.js'
import { createRangeResponder } from './range-responder.js'
import { registerRangeOpenApi } from './range-openapi.js'
import { RANGE_ALLOWED_METHODS, corsPreflightHeaders, rangeErrorResponse } from './range-errors.js'

/**
 * `GET /range/{prefix}`: the HIBP Pwned Passwords range API over the local corpus, so the npm
 * `hibp` client, password managers and browsers can check without sending a password. It serves
 * the local corpus only: merging an upstream here would leak every prefix asked of us to it
 * and make our cache headers lie about data we do not own.
 */
export function rangeRoutes(
  deps: Pick<AppDeps, 'corpus' | 'settings' | 'random' | 'metrics' | 'stores'>,
) {
  const router = createRouter()
  const cors = createCorsPolicy(deps.settings.corsOrigins)
  const respond = createRangeResponder(deps.corpus.reader, deps.random, deps.settings.rangePublic, {
    paddingSecret: deps.settings.secret,
    cors,
    ...(deps.metrics && { onCacheLookup: deps.metrics.rangeCacheLookup }),
  })
  const guard = deps.settings.rangePublic ? null : requireScope(deps.stores.tenantKeys, 'check')
  // Registered without a pass-through middleware when public: one less step on the hot path.
  const get = (path: string, handler: (c: Context<AppEnv>) => Promise<Response> | Response) =>
    guard ? router.get(path, guard, handler) : router.get(path, handler)
  const allowHeaders = deps.settings.rangePublic ? 'Add-Padding' : 'Add-Padding, Authorization'
  const preflight = (c: Context<AppEnv>) =>
    c.body(null, 204, corsPreflightHeaders(cors, c.req.header('origin'), allowHeaders))
  const methodNotAllowed = (c: Context<AppEnv>) =>
    rangeErrorResponse(c, 'method_not_allowed', cors, { allow: RANGE_ALLOWED_METHODS })
  const missingPrefix = (c: Context<AppEnv>) => rangeErrorResponse(c, 'invalid_prefix', cors)

  // GET also answers HEAD: Hono dispatches HEAD to the GET handler and drops the body.
  get('/range/:prefix', (c) => respond(c, c.req.param('prefix') ?? ''))
  for (const path of ['/range', '/range/']) {
    get(path, missingPrefix)
    router.options(path, preflight)
    router.all(path, methodNotAllowed)
  }
  router.options('/range/:prefix', preflight)
  router.all('/range/:prefix', methodNotAllowed)
  registerRangeOpenApi(router.openAPIRegistry, deps.settings.rangePublic)
  return router
}

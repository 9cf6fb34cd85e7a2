import type { Context } from 'hono'
import { createRouter } from '../http/router.js'
import { ProblemError } from '../http/problem.js'
import { constantTimeTokenEqual } from './constant-time-token.js'
import type { AppMetrics } from './fleet-ports.js'

const notFound = () =>
  new ProblemError({ status: 404, code: 'not_found', title: 'Not found', detail: 'No such route.' })

function presentedToken(c: Context): string | null {
  return /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? null
}

/**
 * GET /metrics (mounted at `/metrics`): Prometheus exposition behind its own bearer token (PWGUARD_METRICS_TOKEN), not
 * an API key, so a scraper holds no tenant's power. Without a token configured the route does
 * not exist (404 like any unknown path): metrics are never public by accident. Left out of the
 * OpenAPI document, like any operator-only surface.
 */
export function metricsRoutes(metrics: AppMetrics | undefined) {
  return createRouter().get('/', async (c) => {
    if (!metrics) throw notFound()
    const token = presentedToken(c)
    if (token === null || !constantTimeTokenEqual(token, metrics.token)) {
      c.header('WWW-Authenticate', 'Bearer realm="pwguard-metrics"')
      throw new ProblemError({
        status: 401,
        code: 'unauthorized',
        title: 'Unauthorized',
        detail: 'GET /metrics needs the PWGUARD_METRICS_TOKEN bearer token.',
      })
    }
    const { contentType, body } = await metrics.render()
    return c.body(body, 200, { 'content-type': contentType, 'cache-control': 'no-store' })
  })
}

import type { MiddlewareHandler } from 'hono'
import { routePath } from 'hono/route'
import type { AppMetrics } from './fleet-ports.js'

/**
 * Times every request and labels it with its route pattern, so `/v1/accounts/alice` and
 * `/v1/accounts/bob` are one series (raw paths would also put external ids in the metrics).
 */
export function recordRequestMetrics(metrics: AppMetrics): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now()
    try {
      await next()
    } finally {
      const route = routePath(c, -1)
      metrics.observeRequest({
        method: c.req.method,
        // A request no route matched ends on the catch-all middleware: one series for all.
        route: route === '*' || route === '/*' ? 'unmatched' : route,
        status: c.res.status,
        seconds: (performance.now() - started) / 1000,
      })
    }
  }
}

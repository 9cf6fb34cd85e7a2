import type { MiddlewareHandler } from 'hono'
import { routePath } from 'hono/route'
import type { AppMetrics } from './fleet-ports.js'

/** The problem `code` of a 429 (small JSON body), read from a clone the client never sees. */
async function problemCode(response: Response): Promise<string> {
  try {
    const body: unknown = await response.clone().json()
    const code = typeof body === 'object' && body !== null && 'code' in body ? body.code : null
    return typeof code === 'string' ? code : 'unknown'
  } catch {
    return 'unknown'
  }
}

/**
 * Times every request and labels it with its route pattern, so `/v1/accounts/alice` and
 * `/v1/accounts/bob` are one series (raw paths would also put external ids in the metrics).
 * Every 429 also counts as a throttle block, by route and problem code.
 */
export function recordRequestMetrics(metrics: AppMetrics): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now()
    try {
      await next()
    } finally {
      const path = routePath(c, -1)
      // A request no route matched ends on the catch-all middleware: one series for all.
      const route = path === '*' || path === '/*' ? 'unmatched' : path
      const status = c.res.status
      metrics.observeRequest({
        method: c.req.method,
        route,
        status,
        seconds: (performance.now() - started) / 1000,
      })
      if (status === 429) metrics.throttleBlock(route, await problemCode(c.res))
    }
  }
}

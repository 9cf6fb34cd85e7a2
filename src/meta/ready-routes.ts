import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../app/deps.js'
import type { RangeReader } from '../breach/range-reader.js'
import type { StorePorts } from '../store/ports/store-ports.js'
import { createRouter } from '../http/router.js'
import type { ReadinessProbe } from './fleet-ports.js'

const readyBody = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.record(z.string(), z.boolean()),
})

const readyRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['meta'],
  summary: 'Readiness',
  description:
    'Whether this instance should get traffic: database reachable, migrations applied, corpus readable, not shutting down. Unauthenticated; names checks, never errors.',
  responses: {
    200: { description: 'Ready.', content: { 'application/json': { schema: readyBody } } },
    503: { description: 'Not ready.', content: { 'application/json': { schema: readyBody } } },
  },
})

async function passes(check: () => unknown): Promise<boolean> {
  try {
    await check()
    return true
  } catch {
    return false
  }
}

export type ReadyRoutesDeps = Pick<AppDeps, 'readiness'> & {
  stores: Pick<StorePorts, 'consoleQueries'>
  corpus: { reader: Pick<RangeReader, 'read'> }
}

/** The checks every runtime can make: a trivial query and one corpus read. */
function basicProbe(deps: ReadyRoutesDeps): ReadinessProbe {
  const { consoleQueries } = deps.stores
  return {
    checks: async () => ({
      database: await passes(() => consoleQueries.ping()),
      corpus: await passes(() => deps.corpus.reader.read('sha1', '00000')),
    }),
  }
}

/**
 * GET /ready (mounted at `/ready`), beside /health (alive): a load balancer sends traffic only
 * while every check passes. Entries add checks (migrations applied, draining) through
 * `deps.readiness`.
 */
export function readyRoutes(deps: ReadyRoutesDeps) {
  const basic = basicProbe(deps)
  return createRouter().openapi(readyRoute, async (c) => {
    const checks = { ...(await basic.checks()), ...(await deps.readiness?.checks()) }
    const ready = Object.values(checks).every(Boolean)
    c.header('cache-control', 'no-store')
    return ready
      ? c.json({ status: 'ready' as const, checks }, 200)
      : c.json({ status: 'not_ready' as const, checks }, 503)
  })
}

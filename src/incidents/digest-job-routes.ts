import { createRoute, z } from '@hono/zod-openapi'
import { problemResponse } from '../http/problem-schema.js'
import { requireScope } from '../http/require-scope.js'
import { createRouter } from '../http/router.js'
import type { StorePorts } from '../store/ports/store-ports.js'
import type { TenantKeyStore } from '../store/ports/tenant-key-store.js'
import type { DigestJobRunner } from './digest-job-runner.js'
import { requireIncident } from './incident-lookup.js'
import { incidentIdField } from './incident-schemas.js'

export const digestJobSchema = z
  .object({
    state: z.enum(['none', 'running', 'waiting_for_list', 'done']).openapi({
      description:
        '`waiting_for_list`: checks are pending but not running here (the server restarted, and digests are never stored): upload the same list again to resume them.',
    }),
    candidates: z.number().int(),
    checked: z.number().int(),
    matched: z.number().int(),
    pending: z.number().int(),
    verifiesPerSecond: z.number().nullable(),
    startedAt: z.string().datetime().nullable(),
    updatedAt: z.string().datetime().nullable(),
  })
  .openapi('DigestJob')

const route = (tenantKeys: TenantKeyStore) =>
  createRoute({
    method: 'get',
    path: '/{id}/digest-job',
    tags: ['incidents'],
    summary: 'Progress of the wrapped-digest job (one argon2 verify per candidate)',
    security: [{ bearer: [] }],
    middleware: [requireScope(tenantKeys, 'admin')] as const,
    request: { params: z.object({ id: incidentIdField }) },
    responses: {
      200: {
        description: 'Job state',
        content: { 'application/json': { schema: digestJobSchema } },
      },
      404: problemResponse('No such incident'),
    },
  })

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString())

export interface DigestJobRoutesDeps {
  stores: Pick<StorePorts, 'tenantKeys' | 'incidents' | 'digestJob'>
  /** The app's one digest job: whether it runs for an incident right now. */
  digestJob: Pick<DigestJobRunner, 'active'>
}

/** GET /v1/incidents/{id}/digest-job (admin), mounted at `/v1/incidents`. */
export function digestJobRoutes(deps: DigestJobRoutesDeps) {
  const { digestJob } = deps.stores
  const runner = deps.digestJob
  const router = createRouter()
  return router.openapi(route(deps.stores.tenantKeys), async (c) => {
    const tenantId = c.get('auth').tenant.id
    const incident = await requireIncident(deps.stores.incidents, tenantId, c.req.valid('param').id)
    const { job, pending } = await digestJob.read({ tenantId, incidentId: incident.id })
    const running = runner.active(tenantId, incident.id) > 0
    const state: z.infer<typeof digestJobSchema>['state'] = !job
      ? 'none'
      : running
        ? 'running'
        : pending > 0
          ? 'waiting_for_list'
          : 'done'
    return c.json(
      {
        state,
        candidates: job?.candidates ?? 0,
        checked: job?.checked ?? 0,
        matched: job?.matched ?? 0,
        pending,
        verifiesPerSecond:
          job && job.busyMs > 0 ? Math.round((job.checked / job.busyMs) * 1000 * 10) / 10 : null,
        startedAt: iso(job?.startedAt),
        updatedAt: iso(job?.updatedAt),
      },
      200,
    )
  })
}

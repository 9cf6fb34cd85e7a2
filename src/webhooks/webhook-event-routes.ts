import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../app/deps.js'
import { checkAuditEntry } from '../audit/audit-insert.js'
import { problemSchema } from '../http/problem-schema.js'
import { notFound, ProblemError } from '../http/problem.js'
import { requireScope } from '../http/require-scope.js'
import { createRouter } from '../http/router.js'
import type { StorePorts } from '../store/ports/store-ports.js'
import type { TenantKeyStore } from '../store/ports/tenant-key-store.js'
import { EVENT_STATUSES, listWebhookEvents } from './webhook-event-store.js'

const eventView = z
  .object({
    id: z.string(),
    type: z.string(),
    status: z.enum(EVENT_STATUSES),
    createdAt: z.string(),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    failedAt: z.string().nullable(),
    lastError: z.string().nullable(),
  })
  .openapi('WebhookEvent')

const listRoute = (tenantKeys: TenantKeyStore) =>
  createRoute({
    method: 'get',
    path: '/events',
    tags: ['webhooks'],
    summary: "The tenant's webhook events and their delivery state, newest first",
    security: [{ bearer: [] }],
    middleware: [requireScope(tenantKeys, 'admin')] as const,
    request: {
      query: z.object({
        status: z.enum(EVENT_STATUSES).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
    },
    responses: {
      200: {
        description: 'Events',
        content: { 'application/json': { schema: z.object({ events: z.array(eventView) }) } },
      },
    },
  })

const redeliverRoute = (tenantKeys: TenantKeyStore) =>
  createRoute({
    method: 'post',
    path: '/events/{id}/redeliver',
    tags: ['webhooks'],
    summary: 'Send a failed (or delivered) event again, with the same id',
    security: [{ bearer: [] }],
    middleware: [requireScope(tenantKeys, 'admin')] as const,
    request: { params: z.object({ id: z.string().min(1).max(64) }) },
    responses: {
      202: { description: 'Queued for the next delivery pass' },
      404: {
        description: 'No such event',
        content: { 'application/problem+json': { schema: problemSchema } },
      },
      409: {
        description: 'Still pending: retried anyway',
        content: { 'application/problem+json': { schema: problemSchema } },
      },
    },
  })

export type WebhookEventRoutesDeps = Pick<AppDeps, 'clock'> & {
  stores: Pick<StorePorts, 'tenantKeys' | 'outbox'>
}

/**
 * GET /v1/webhook/events and POST /v1/webhook/events/{id}/redeliver (admin), mounted at
 * `/v1/webhook`.
 */
export function webhookEventRoutes(deps: WebhookEventRoutesDeps) {
  const { outbox, tenantKeys } = deps.stores
  const router = createRouter()
  router.openapi(listRoute(tenantKeys), async (c) => {
    const { status, limit } = c.req.valid('query')
    const tenantId = c.get('auth').tenant.id
    return c.json({ events: await listWebhookEvents(outbox, { tenantId, status, limit }) }, 200)
  })
  router.openapi(redeliverRoute(tenantKeys), async (c) => {
    const { id } = c.req.valid('param')
    const { tenant, keyId } = c.get('auth')
    const now = deps.clock.now()
    const audit = { actor: `key:${keyId}`, target: id, at: now }
    const entry = checkAuditEntry({ tenantId: tenant.id, action: 'webhook.redelivered', ...audit })
    // Logged only if the event is settled, in the same atomic write that re-queues it.
    if (await outbox.redeliver({ tenantId: tenant.id, id, now }, entry)) return c.body(null, 202)
    if (!(await outbox.hasEvent({ tenantId: tenant.id, id })))
      throw notFound('No such webhook event.')
    throw new ProblemError({
      status: 409,
      code: 'event_pending',
      title: 'Event pending',
      detail: 'This event is still being retried; it will be sent without a redelivery.',
    })
  })
  return router
}

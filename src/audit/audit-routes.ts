import { createRoute, z } from '@hono/zod-openapi'
import { requireScope } from '../http/require-scope.js'
import { createRouter } from '../http/router.js'
import type { StorePorts } from '../store/ports/store-ports.js'
import type { TenantKeyStore } from '../store/ports/tenant-key-store.js'
import { auditHead } from './audit-head.js'
import { listAuditEntries } from './list-audit-entries.js'

const auditQuery = z.object({
  after: z.coerce
    .number()
    .int()
    .min(0)
    .default(0)
    .openapi({ description: 'Return entries with seq greater than this (paging cursor)' }),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
})

const auditEntry = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    target: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    prevHash: z.string(),
    hash: z.string(),
    keyed: z.boolean().openapi({
      description: 'true: `hash` is an HMAC under the service key; false: a pre-upgrade SHA-256',
    }),
  })
  .openapi('AuditEntry')

const auditHeadView = z
  .object({
    seq: z.number().int().openapi({ description: 'Newest entry (0 for an empty chain)' }),
    hash: z.string(),
    at: z.string().nullable(),
    keyed: z.boolean(),
  })
  .openapi('AuditHead')

const auditPage = z
  .object({
    entries: z.array(auditEntry),
    next: z.number().int().nullable().openapi({ description: '`after` for the next page' }),
  })
  .openapi('AuditPage')

const listRoute = (tenantKeys: TenantKeyStore) =>
  createRoute({
    method: 'get',
    path: '/',
    tags: ['audit'],
    summary: "The tenant's hash-chained audit log, oldest first",
    description:
      "Each entry carries `prevHash` (the previous entry's `hash`, 64 zeros for the first) and `hash` = HMAC-SHA-256, under a key derived from PWGUARD_SECRET and never stored in the database, over the canonical JSON of {tenantId, seq, at (ms), actor, action, target, details, prevHash} (`keyed: true`). Entries written before the chain was keyed carry a plain SHA-256 (`keyed: false`) and may only precede keyed ones. Each entry is written in the same atomic batch as the change it records. `pwguard audit verify` recomputes the chain.",
    security: [{ bearer: [] }],
    middleware: [requireScope(tenantKeys, 'admin')] as const,
    request: { query: auditQuery },
    responses: {
      200: { description: 'A page', content: { 'application/json': { schema: auditPage } } },
    },
  })

const headRoute = (tenantKeys: TenantKeyStore) =>
  createRoute({
    method: 'get',
    path: '/head',
    tags: ['audit'],
    summary: "The newest link of the tenant's audit chain, for anchoring outside pwguard",
    description:
      'Copy `{seq, hash, at}` somewhere the database writers cannot reach (on a schedule, or after sensitive actions). A later rewrite of any entry up to `seq` changes `hash`; truncation lowers `seq`. `pwguard audit verify` prints the same head.',
    security: [{ bearer: [] }],
    middleware: [requireScope(tenantKeys, 'admin')] as const,
    responses: {
      200: { description: 'The head', content: { 'application/json': { schema: auditHeadView } } },
    },
  })

export interface AuditRoutesDeps {
  stores: Pick<StorePorts, 'tenantKeys' | 'audit'>
}

/**
 * GET /v1/audit and /v1/audit/head (admin), mounted at `/v1/audit`: only the caller's tenant's
 * chain.
 */
export function auditRoutes(deps: AuditRoutesDeps) {
  const { audit, tenantKeys } = deps.stores
  const router = createRouter()
  router.openapi(headRoute(tenantKeys), async (c) =>
    c.json(await auditHead(audit, c.get('auth').tenant.id), 200),
  )
  return router.openapi(listRoute(tenantKeys), async (c) => {
    const { after, limit } = c.req.valid('query')
    const page = await listAuditEntries(audit, { tenantId: c.get('auth').tenant.id, after, limit })
    return c.json(page, 200)
  })
}

import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../app/deps.js'
import { externalIdField } from '../accounts/account-schemas.js'
import { requireScope } from '../http/require-scope.js'
import { LEGACY_VERIFY_SCHEME } from '../legacy-verify/legacy-placeholder.js'
import { createRouter } from '../http/router.js'
import type { StorePorts } from '../store/ports/store-ports.js'
import type { TenantKeyStore } from '../store/ports/tenant-key-store.js'
import { summarizeSchemes } from './scheme-distribution.js'
import { runWrapJob } from './wrap-job.js'
import { WRAP_THRESHOLD } from './wrap-threshold.js'

const counts = z.record(z.string(), z.number())
const distribution = z
  .object({
    total: z.number(),
    argon2id: z.number(),
    wrapped: z.object({ total: z.number(), byInner: counts }),
    legacy: z.object({ total: z.number(), byFamily: counts, byScheme: counts }),
  })
  .openapi('SchemeDistribution')

const wrapBody = z
  .object({
    dryRun: z.boolean().default(false),
    after: externalIdField.optional().openapi({ description: '`nextCursor` of the last call' }),
    maxAccounts: z.number().int().min(1).max(5_000).default(500),
    batch: z.number().int().min(1).max(1_000).default(100),
    concurrency: z.number().int().min(1).max(16).default(1),
  })
  .openapi('WrapRequest')

const wrapResult = z
  .object({ complete: z.boolean(), nextCursor: z.string().nullable() })
  .passthrough()
  .openapi('WrapReport')

const statusRoute = (tenantKeys: TenantKeyStore) =>
  createRoute({
    method: 'get',
    path: '/',
    tags: ['migration'],
    summary: "The tenant's hash schemes: plain argon2id, wrapped, legacy by family and scheme",
    security: [{ bearer: [] }],
    middleware: [requireScope(tenantKeys, 'admin')] as const,
    responses: {
      200: {
        description: 'Distribution and threshold',
        content: {
          'application/json': {
            schema: z.object({
              tenant: z.string(),
              distribution,
              threshold: z.unknown(),
              legacyVerify: z
                .object({
                  waiting: z.number().openapi({
                    description:
                      'Accounts imported with `"legacyVerify": true` whose first login has not happened yet',
                    example: 1250,
                  }),
                  configured: z.boolean(),
                })
                .openapi('LegacyVerifyProgress'),
            }),
          },
        },
      },
    },
  })

const wrapRoute = (tenantKeys: TenantKeyStore) =>
  createRoute({
    method: 'post',
    path: '/wrap',
    tags: ['migration'],
    summary:
      'Wrap weak legacy hashes in argon2id, bounded per request: call again with `after: nextCursor` until `complete`',
    security: [{ bearer: [] }],
    middleware: [requireScope(tenantKeys, 'admin')] as const,
    request: { body: { content: { 'application/json': { schema: wrapBody } }, required: true } },
    responses: {
      200: { description: 'Report', content: { 'application/json': { schema: wrapResult } } },
    },
  })

export type MigrationRoutesDeps = Pick<AppDeps, 'hasher' | 'clock'> & {
  stores: Pick<StorePorts, 'tenantKeys' | 'wrap' | 'legacyVerify'>
}

/**
 * GET /v1/admin/migration and POST /v1/admin/migration/wrap (admin scope), mounted at
 * `/v1/admin/migration`. The wrap runs inside the request, at most `maxAccounts` rows scanned,
 * so it works the same on Workers (no background job to lose) and a client loop drives it; the
 * CLI runs the whole job at once.
 */
export function migrationRoutes(deps: MigrationRoutesDeps) {
  const { wrap, tenantKeys, legacyVerify: endpoints } = deps.stores
  const router = createRouter()
  router.openapi(statusRoute(tenantKeys), async (c) => {
    const tenant = c.get('auth').tenant.id
    const counts = await wrap.countSchemes([tenant])
    const schemes = summarizeSchemes(counts)
    const legacyVerify = {
      waiting: counts[LEGACY_VERIFY_SCHEME] ?? 0,
      configured: (await endpoints.find(tenant)) !== null,
    }
    return c.json({ tenant, distribution: schemes, threshold: WRAP_THRESHOLD, legacyVerify }, 200)
  })
  return router.openapi(wrapRoute(tenantKeys), async (c) => {
    const body = c.req.valid('json')
    const report = await runWrapJob(
      { wrap, hasher: deps.hasher, now: () => deps.clock.now() },
      {
        tenantIds: [c.get('auth').tenant.id],
        batchSize: body.batch,
        concurrency: body.concurrency,
        dryRun: body.dryRun,
        maxRows: body.maxAccounts,
        ...(body.after !== undefined ? { after: body.after } : {}),
      },
    )
    return c.json(report, 200)
  })
}

import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps, AppSettings } from '../app/deps.js'
import type { Services } from '../app/services.js'
import { createAccountAuditTarget } from '../accounts/account-audit-target.js'
import { externalIdField } from '../accounts/account-schemas.js'
import { problemResponse } from '../http/problem-schema.js'
import { notFound } from '../http/problem.js'
import { requireScope } from '../http/require-scope.js'
import { createRouter } from '../http/router.js'
import type { StorePorts } from '../store/ports/store-ports.js'
import type { TenantKeyStore } from '../store/ports/tenant-key-store.js'
import { forceAccountReset } from './force-account-reset.js'
import { issuedToken } from './incident-schemas.js'
import { NO_STORE } from './reset-reasons.js'

const accountResetRoute = (tenantKeys: TenantKeyStore) =>
  createRoute({
    method: 'post',
    path: '/{externalId}/reset',
    tags: ['accounts'],
    summary: 'Force one account to reset its password; returns the one-time reset token',
    security: [{ bearer: [] }],
    middleware: [requireScope(tenantKeys, 'admin')] as const,
    request: {
      params: z.object({ externalId: externalIdField }),
      body: {
        content: {
          'application/json': {
            schema: z
              .object({
                reason: z
                  .string()
                  .regex(/^[a-z0-9_.:-]{1,64}$/, 'a reason code: a-z, 0-9, _ . : -')
                  .optional()
                  .openapi({
                    description: 'Reason code stored with mustReset (default `admin_reset`).',
                  }),
              })
              .openapi('AccountResetRequest'),
          },
        },
        // `{}` for the default reason; an absent body is refused like on every JSON route.
        required: true,
      },
    },
    responses: {
      200: {
        description: 'Reset forced',
        content: { 'application/json': { schema: issuedToken.extend({ reason: z.string() }) } },
      },
      404: problemResponse('No such account in this tenant'),
    },
  })

/**
 * POST /v1/accounts/{externalId}/reset (admin), mounted at `/v1/accounts`: returns the one-time
 * token.
 */
export function accountResetRoutes(
  deps: Pick<AppDeps, 'clock' | 'random'> & { settings: Pick<AppSettings, 'secret'> },
  services: Pick<Services, 'resetTokenKey'> & {
    stores: Pick<StorePorts, 'tenantKeys' | 'accounts' | 'resets'>
  },
) {
  const router = createRouter()
  const resetDeps = {
    resets: services.stores.resets,
    random: deps.random,
    tokenKey: services.resetTokenKey,
  }
  const auditTarget = createAccountAuditTarget(deps.settings.secret)
  router.openapi(accountResetRoute(services.stores.tenantKeys), async (c) => {
    const auth = c.get('auth')
    const { accounts } = services.stores
    const outcome = await forceAccountReset(
      { ...resetDeps, accounts, clock: deps.clock, auditTarget },
      {
        tenantId: auth.tenant.id,
        externalId: c.req.valid('param').externalId,
        actor: `key:${auth.keyId}`,
        reason: c.req.valid('json').reason,
      },
    )
    if (!outcome.found) throw notFound('No such account.')
    return c.json({ ...outcome.issued, reason: outcome.reason }, 200, NO_STORE)
  })
  return router
}

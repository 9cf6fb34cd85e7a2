import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../app/deps.js'
import type { Services } from '../app/services.js'
import { problemResponse } from '../http/problem-schema.js'
import { requireScope } from '../http/require-scope.js'
import { createRouter } from '../http/router.js'
import type { StorePorts } from '../store/ports/store-ports.js'
import type { TenantKeyStore } from '../store/ports/tenant-key-store.js'
import { forceIncidentResets } from './force-incident-resets.js'
import { requireIncident } from './incident-lookup.js'
import { incidentIdField, issuedToken } from './incident-schemas.js'
import { NO_STORE, RESET_SCOPES } from './reset-reasons.js'

const forceResetRoute = (tenantKeys: TenantKeyStore) =>
  createRoute({
    method: 'post',
    path: '/{id}/force-reset',
    tags: ['incidents'],
    summary: 'Force password resets for the accounts this incident exposed',
    description:
      '`password_match`: accounts whose exposed password is still their password; `exposed`: every account the incident exposed; `all`: every account of the tenant. Each gets mustReset with reason `incident:<id>:<scope>`, a one-time reset token (24 h, stored only as an HMAC, returned here once) and an `account.reset_required` webhook event (without the token). Idempotent per scope: an account still holding a live token of this reason gets none, so a repeated or concurrent request issues each account one token; `accounts` counts the tokens issued.',
    security: [{ bearer: [] }],
    middleware: [requireScope(tenantKeys, 'admin')] as const,
    request: {
      params: z.object({ id: incidentIdField }),
      body: {
        content: {
          'application/json': {
            schema: z.object({ scope: z.enum(RESET_SCOPES) }).openapi('ForceResetRequest'),
          },
        },
        required: true,
      },
    },
    responses: {
      200: {
        description: 'Resets forced',
        content: {
          'application/json': {
            schema: z
              .object({
                scope: z.enum(RESET_SCOPES),
                reason: z.string(),
                accounts: z.number().int(),
                tokens: z.array(issuedToken),
              })
              .openapi('ForceResetReport'),
          },
        },
      },
      404: problemResponse('No such incident'),
    },
  })

export type ForceResetRoutesDeps = Pick<AppDeps, 'clock' | 'random'> &
  Pick<Services, 'resetTokenKey'> & {
    stores: Pick<StorePorts, 'tenantKeys' | 'incidents' | 'resets'>
  }

/** POST /v1/incidents/{id}/force-reset (admin), mounted at `/v1/incidents`. */
export function forceResetRoutes(deps: ForceResetRoutesDeps) {
  const router = createRouter()
  router.openapi(forceResetRoute(deps.stores.tenantKeys), async (c) => {
    const auth = c.get('auth')
    const incident = await requireIncident(
      deps.stores.incidents,
      auth.tenant.id,
      c.req.valid('param').id,
    )
    const { scope } = c.req.valid('json')
    const { reason, tokens } = await forceIncidentResets(deps, deps, {
      tenantId: auth.tenant.id,
      incidentId: incident.id,
      scope,
      actor: `key:${auth.keyId}`,
    })
    return c.json({ scope, reason, accounts: tokens.length, tokens }, 200, NO_STORE)
  })
  return router
}

import { createRoute, z } from '@hono/zod-openapi'
import { and, eq } from 'drizzle-orm'
import type { AppDeps } from '../app/deps.js'
import type { Services } from '../app/services.js'
import { externalIdField } from '../accounts/account-schemas.js'
import { findAccount } from '../accounts/account-store.js'
import { appendAudit } from '../audit/append-audit.js'
import { problemSchema } from '../http/problem-schema.js'
import { notFound } from '../http/problem.js'
import { requireScope } from '../http/require-scope.js'
import { createRouter } from '../http/router.js'
import type { Database } from '../store/database.js'
import { accountExposures, accounts } from '../store/schema.js'
import { forceResets } from './force-reset.js'
import { requireIncident } from './incident-lookup.js'
import { incidentIdField } from './incident-schemas.js'

export const RESET_SCOPES = ['password_match', 'exposed', 'all'] as const
export type ResetScope = (typeof RESET_SCOPES)[number]

/** The stable reason codes written to `reset_reasons` (and shown by login as `reasons`). */
export const incidentResetReason = (incidentId: string, scope: ResetScope) =>
  `incident:${incidentId}:${scope}`
export const ADMIN_RESET_REASON = 'admin_reset'

/** Responses carrying reset tokens must not sit in any cache. */
const NO_STORE = { 'cache-control': 'no-store' }

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problemSchema } },
})
const issuedToken = z.object({ externalId: z.string(), token: z.string(), expiresAt: z.string() })

const forceResetRoute = createRoute({
  method: 'post',
  path: '/v1/incidents/{id}/force-reset',
  tags: ['incidents'],
  summary: 'Force password resets for the accounts this incident exposed',
  description:
    '`password_match`: accounts whose exposed password is still their password; `exposed`: every account the incident exposed; `all`: every account of the tenant. Each gets mustReset with reason `incident:<id>:<scope>`, a one-time reset token (24 h, stored only as an HMAC, returned here once) and an `account.reset_required` webhook event (without the token).',
  security: [{ bearer: [] }],
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
    404: problem('No such incident'),
  },
})

const accountResetRoute = createRoute({
  method: 'post',
  path: '/v1/accounts/{externalId}/reset',
  tags: ['accounts'],
  summary: 'Force one account to reset its password; returns the one-time reset token',
  security: [{ bearer: [] }],
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
    },
  },
  responses: {
    200: {
      description: 'Reset forced',
      content: { 'application/json': { schema: issuedToken.extend({ reason: z.string() }) } },
    },
    404: problem('No such account in this tenant'),
  },
})

/** Forced resets (admin): per incident and per account. */
export function resetRoutes(deps: AppDeps, services: Services) {
  const { db } = deps.driver
  const router = createRouter()
  router.use('/v1/incidents/:id/force-reset', requireScope(db, 'admin'))
  router.use('/v1/accounts/:externalId/reset', requireScope(db, 'admin'))
  const resetDeps = { driver: deps.driver, random: deps.random, tokenKey: services.resetTokenKey }
  router.openapi(forceResetRoute, async (c) => {
    const auth = c.get('auth')
    const incident = await requireIncident(db, auth.tenant.id, c.req.valid('param').id)
    const { scope } = c.req.valid('json')
    const reason = incidentResetReason(incident.id, scope)
    const now = deps.clock.now()
    const externalIds = await accountsInScope(db, auth.tenant.id, incident.id, scope)
    const tokens = await forceResets(resetDeps, {
      tenantId: auth.tenant.id,
      externalIds,
      reason,
      now,
      incidentId: incident.id,
    })
    await appendAudit(deps.driver, {
      tenantId: auth.tenant.id,
      actor: `key:${auth.keyId}`,
      action: 'incident.resets_forced',
      target: incident.id,
      details: { scope, accounts: tokens.length },
      at: now,
    })
    return c.json({ scope, reason, accounts: tokens.length, tokens }, 200, NO_STORE)
  })
  router.openapi(accountResetRoute, async (c) => {
    const auth = c.get('auth')
    const { externalId } = c.req.valid('param')
    const account = await findAccount(db, auth.tenant.id, externalId)
    if (!account) throw notFound('No such account.')
    const reason = c.req.valid('json').reason ?? ADMIN_RESET_REASON
    const now = deps.clock.now()
    const [issued] = await forceResets(resetDeps, {
      tenantId: auth.tenant.id,
      externalIds: [externalId],
      reason,
      now,
    })
    await appendAudit(deps.driver, {
      tenantId: auth.tenant.id,
      actor: `key:${auth.keyId}`,
      action: 'account.reset_forced',
      target: externalId,
      details: { reason },
      at: now,
    })
    return c.json({ ...issued!, reason }, 200, NO_STORE)
  })
  return router
}

async function accountsInScope(
  db: Database,
  tenantId: string,
  incidentId: string,
  scope: ResetScope,
) {
  if (scope === 'all') {
    const rows = await db
      .select({ id: accounts.externalId })
      .from(accounts)
      .where(eq(accounts.tenantId, tenantId))
    return rows.map((row) => row.id)
  }
  const rows = await db
    .select({ id: accountExposures.externalId })
    .from(accountExposures)
    .where(
      and(
        eq(accountExposures.tenantId, tenantId),
        eq(accountExposures.incidentId, incidentId),
        scope === 'password_match' ? eq(accountExposures.passwordMatch, true) : undefined,
      ),
    )
  return rows.map((row) => row.id)
}

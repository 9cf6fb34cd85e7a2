import { createRoute, z } from '@hono/zod-openapi'
import type { PolicyDefaults } from '../app/deps.js'
import type { Clock } from '../ports/clock.js'
import { checkAuditEntry } from '../audit/audit-insert.js'
import { problemResponse } from '../http/problem-schema.js'
import { requireScope } from '../http/require-scope.js'
import { createRouter } from '../http/router.js'
import type { StorePorts } from '../store/ports/store-ports.js'
import type { TenantKeyStore } from '../store/ports/tenant-key-store.js'
import { BREACH_ACTIONS, BREACH_DIGEST_MODES } from './breach-actions.js'
import { tenantPolicyChange, tenantPolicyView } from './tenant-policy-store.js'

const action = z.enum(BREACH_ACTIONS).nullable().optional()

export const tenantPolicyPatch = z
  .object({
    minLength: z.number().int().min(8).max(64).nullable().optional(),
    minScore: z.number().int().min(0).max(4).nullable().optional(),
    breachThreshold: z.number().int().min(1).max(1_000_000_000).nullable().optional(),
    upstreamFail: z.enum(['open', 'closed']).nullable().optional(),
    breachActions: z
      .object({ signup: action, passwordChange: action, login: action })
      .strict()
      .nullable()
      .optional(),
    breachDigest: z.enum(BREACH_DIGEST_MODES).nullable().optional(),
  })
  .strict()
  .openapi('TenantPolicyInput', {
    example: {
      breachThreshold: 10,
      upstreamFail: 'closed',
      breachActions: { login: 'block', signup: null },
      breachDigest: 'daily',
    },
  })

const nullableAction = z.enum(BREACH_ACTIONS).nullable()
const actions = z.object({
  signup: z.enum(BREACH_ACTIONS),
  passwordChange: z.enum(BREACH_ACTIONS),
  login: z.enum(BREACH_ACTIONS),
})
const policyView = z
  .object({
    overrides: z.object({
      minLength: z.number().nullable(),
      minScore: z.number().nullable(),
      breachThreshold: z.number().nullable(),
      upstreamFail: z.enum(['open', 'closed']).nullable(),
      breachActions: z.object({
        signup: nullableAction,
        passwordChange: nullableAction,
        login: nullableAction,
      }),
      breachDigest: z.enum(BREACH_DIGEST_MODES).nullable(),
    }),
    effective: z.object({
      minLength: z.number(),
      minScore: z.number(),
      breachThreshold: z.number(),
      upstreamFail: z.enum(['open', 'closed', 'service']),
      breachActions: actions,
      breachDigest: z.enum(BREACH_DIGEST_MODES),
    }),
  })
  .openapi('TenantPolicy')

const content = { 'application/json': { schema: policyView } }

const getRoute = (tenantKeys: TenantKeyStore) =>
  createRoute({
    method: 'get',
    path: '/policy',
    tags: ['tenant'],
    summary: "The tenant's policy overrides and the values in force",
    security: [{ bearer: [] }],
    middleware: [requireScope(tenantKeys, 'admin')] as const,
    responses: { 200: { description: 'Overrides (null: service default) and effective', content } },
  })

const putRoute = (tenantKeys: TenantKeyStore) =>
  createRoute({
    method: 'put',
    path: '/policy',
    tags: ['tenant'],
    summary: 'Change policy overrides: absent keeps a setting, null restores the service default',
    description:
      'Breach actions per moment (signup, passwordChange, login): `block` refuses (422 at signup and change; 403 `password_breached` at login), `require_reset` lets the login through with `mustReset: true` (signup and change: the account is created/changed and flagged), `notify` continues and sends an `account.password_breached` webhook, `log` continues and writes an audit entry. Defaults: signup and password change `block`, login `require_reset`. `breachThreshold`: a password counts as breached when seen at least this often. `upstreamFail`: when the upstream range API is down, `closed` refuses new passwords, `open` accepts them. `breachDigest`: `immediate` or `daily` `tenant.breach_digest` webhook of newly flagged accounts.',
    security: [{ bearer: [] }],
    middleware: [requireScope(tenantKeys, 'admin')] as const,
    request: {
      body: { content: { 'application/json': { schema: tenantPolicyPatch } }, required: true },
    },
    responses: {
      200: { description: 'The policy now', content },
      400: problemResponse('Bad value'),
    },
  })

export interface TenantPolicyRoutesDeps {
  stores: Pick<StorePorts, 'tenantKeys' | 'tenantSettings'>
  clock: Clock
  /** The service defaults the overrides are shown against. */
  policy: PolicyDefaults
}

/** GET/PUT /v1/tenant/policy (admin), mounted at `/v1/tenant`. */
export function tenantPolicyRoutes(deps: TenantPolicyRoutesDeps) {
  const { tenantKeys, tenantSettings } = deps.stores
  const router = createRouter()
  router.openapi(getRoute(tenantKeys), (c) =>
    c.json(tenantPolicyView(deps.policy, c.get('auth').tenant), 200),
  )
  router.openapi(putRoute(tenantKeys), async (c) => {
    const patch = c.req.valid('json')
    const { tenant, keyId } = c.get('auth')
    const { set, after } = tenantPolicyChange(tenant, patch)
    const view = tenantPolicyView(deps.policy, after)
    const entry = checkAuditEntry({
      tenantId: tenant.id,
      actor: `key:${keyId}`,
      action: 'tenant.policy_set',
      // Names only: the audit log refuses member names like `passwordChange`.
      details: {
        changed: Object.keys(patch).sort(),
        actions: Object.values(view.effective.breachActions),
      },
      at: deps.clock.now(),
    })
    // The change and its audit entry commit together or not at all.
    await tenantSettings.update(tenant.id, set, entry)
    return c.json(view, 200)
  })
  return router
}

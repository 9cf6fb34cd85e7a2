import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../app/deps.js'
import type { Services } from '../app/services.js'
import type { BreachReactionStores } from '../breach-policy/react-to-breach.js'
import type { StorePorts } from '../store/ports/store-ports.js'
import type { TenantKeyStore } from '../store/ports/tenant-key-store.js'
import { problemResponse } from '../http/problem-schema.js'
import { ProblemError, notFound } from '../http/problem.js'
import { requireScope } from '../http/require-scope.js'
import { createRouter } from '../http/router.js'
import { accountView, createAccountBody, externalIdField } from './account-schemas.js'
import { accountViewOn } from './account-view.js'
import { judgeNewPassword } from './password-acceptance.js'
import { passwordRejected } from './password-rejected-problem.js'
import { reactToBreach } from '../breach-policy/react-to-breach.js'

const createAccountRoute = (tenantKeys: TenantKeyStore) =>
  createRoute({
    method: 'post',
    path: '/',
    tags: ['accounts'],
    summary: 'Create an account with a new password (checked first, stored as argon2id)',
    security: [{ bearer: [] }],
    middleware: [requireScope(tenantKeys, 'login')] as const,
    request: {
      body: { content: { 'application/json': { schema: createAccountBody } }, required: true },
    },
    responses: {
      201: { description: 'Created', content: { 'application/json': { schema: accountView } } },
      409: problemResponse(
        '`account_exists`: the externalId, or the e-mail (unique per tenant), is already taken',
      ),
      422: problemResponse('The password fails the check; `violations` lists why'),
    },
  })

const getAccountRoute = (tenantKeys: TenantKeyStore) =>
  createRoute({
    method: 'get',
    path: '/{externalId}',
    tags: ['accounts'],
    summary: 'Account state (never the hash)',
    security: [{ bearer: [] }],
    middleware: [requireScope(tenantKeys, 'admin')] as const,
    request: { params: z.object({ externalId: externalIdField }) },
    responses: {
      200: { description: 'The account', content: { 'application/json': { schema: accountView } } },
      404: problemResponse('No such account in this tenant'),
    },
  })

const accountExists = () =>
  new ProblemError({
    status: 409,
    code: 'account_exists',
    title: 'Account exists',
    detail: 'An account with this externalId or e-mail already exists in this tenant.',
  })

export type AccountRoutesDeps = Pick<AppDeps, 'hasher' | 'clock'> &
  Pick<Services, 'passwordChecker' | 'emailIndexer'> & {
    /** `accounts`, and the writes of the tenant's breach action on a breached password. */
    stores: Pick<StorePorts, 'tenantKeys' | 'accounts'> & BreachReactionStores
  }

/**
 * POST /v1/accounts (login scope) and GET /v1/accounts/{externalId} (admin scope), mounted at
 * `/v1/accounts`.
 */
export function accountRoutes(deps: AccountRoutesDeps) {
  const { stores } = deps
  const { accounts, tenantKeys } = stores
  const router = createRouter()
  router.openapi(createAccountRoute(tenantKeys), async (c) => {
    const body = c.req.valid('json')
    const tenant = c.get('auth').tenant
    const verdict = await judgeNewPassword(deps.passwordChecker, {
      tenant,
      password: body.password,
      context: { username: body.externalId, email: body.email },
      moment: 'signup',
    })
    if (!verdict.acceptable) throw passwordRejected(verdict)
    const { breach } = verdict
    const now = deps.clock.now()
    const indexes = body.email ? deps.emailIndexer.candidates(tenant.id, body.email) : null
    // The unique index covers v2; a row still on its v1 index is found by the lookup.
    if (indexes && (await accounts.findByEmailIndex(tenant.id, indexes))) throw accountExists()
    const row = {
      tenantId: tenant.id,
      externalId: body.externalId,
      emailIndex: indexes ? indexes[0] : null,
      passwordHash: await deps.hasher.hash(body.password.normalize('NFKC'), tenant.id),
      scheme: 'argon2id',
      createdAt: now,
      updatedAt: now,
      passwordChangedAt: now,
    }
    if (!(await accounts.insert(row))) throw accountExists()
    if (breach) {
      const moment = 'signup'
      await reactToBreach(
        { stores },
        {
          tenant,
          externalId: body.externalId,
          passwordEpoch: now,
          moment,
          ...breach,
          now,
        },
      )
    }
    const created = await accounts.find({ tenantId: tenant.id, externalId: body.externalId })
    return c.json(await accountViewOn(accounts, created!), 201)
  })
  router.openapi(getAccountRoute(tenantKeys), async (c) => {
    const { externalId } = c.req.valid('param')
    const account = await accounts.find({ tenantId: c.get('auth').tenant.id, externalId })
    // Another tenant's account is simply "not found": no existence leak across tenants.
    if (!account) throw notFound('No such account.')
    return c.json(await accountViewOn(accounts, account), 200)
  })
  return router
}

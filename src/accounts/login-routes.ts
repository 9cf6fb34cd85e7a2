import { createRoute } from '@hono/zod-openapi'
import type { AppDeps } from '../app/deps.js'
import type { Services } from '../app/services.js'
import { problemSchema } from '../http/problem-schema.js'
import { ProblemError } from '../http/problem.js'
import { requireScope } from '../http/require-scope.js'
import { createRouter } from '../http/router.js'
import { findAccount, findAccountByEmailIndex } from './account-store.js'
import { loginBody, loginFailed, loginOk } from './account-schemas.js'
import { emailIndex } from './email-index.js'
import { login } from './login.js'

const loginRoute = createRoute({
  method: 'post',
  path: '/v1/login',
  tags: ['accounts'],
  summary: 'Verify a password at login; upgrade the stored hash to argon2id on success',
  description:
    'Unknown account and wrong password answer the same 401 `{ok:false}` in the same time. Throttled per account and per `client.ip` (the end user address the site passes; never the TCP peer).',
  security: [{ bearer: [] }],
  request: { body: { content: { 'application/json': { schema: loginBody } }, required: true } },
  responses: {
    200: { description: 'Password valid', content: { 'application/json': { schema: loginOk } } },
    401: {
      description: 'Unknown account or wrong password',
      content: { 'application/json': { schema: loginFailed } },
    },
    429: {
      description: 'Too many failures; see Retry-After',
      content: { 'application/problem+json': { schema: problemSchema } },
    },
  },
})

/** POST /v1/login. */
export function loginRoutes(deps: AppDeps, services: Services) {
  const router = createRouter()
  router.use('/v1/login', requireScope(deps.driver.db, 'login'))
  return router.openapi(loginRoute, async (c) => {
    const body = c.req.valid('json')
    const tenantId = c.get('auth').tenant.id
    const db = deps.driver.db
    const index = body.email ? await emailIndex(services.emailIndexKey, body.email) : null
    const account = body.externalId
      ? await findAccount(db, tenantId, body.externalId)
      : await findAccountByEmailIndex(db, tenantId, index as string)
    const outcome = await login(
      {
        db,
        verifier: services.verifier,
        hasher: deps.hasher,
        dummy: services.dummy,
        breach: services.breach.forTenant(tenantId),
        now: () => deps.clock.now(),
      },
      {
        tenantId,
        account,
        identifier: body.externalId ?? `email:${index}`,
        password: body.password,
        clientIp: body.client?.ip?.toLowerCase() ?? null,
      },
    )
    if (outcome.kind === 'throttled') {
      const seconds = Math.ceil(outcome.retryAfterMs / 1000)
      throw new ProblemError({
        status: 429,
        code: 'throttled',
        title: 'Too many failed logins',
        detail: `Try again in ${seconds} s.`,
        headers: { 'retry-after': String(seconds) },
      })
    }
    if (outcome.kind === 'invalid') return c.json({ ok: false as const }, 401)
    const { kind: _kind, ...result } = outcome
    return c.json({ ok: true as const, ...result }, 200)
  })
}

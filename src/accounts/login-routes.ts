import { createRoute } from '@hono/zod-openapi'
import type { Services } from '../app/services.js'
import type { AppMetrics } from '../meta/fleet-ports.js'
import type { TenantKeyStore } from '../store/ports/tenant-key-store.js'
import { problemSchema } from '../http/problem-schema.js'
import { ProblemError } from '../http/problem.js'
import { loginOutcomeMetrics } from '../meta/login-outcome-metrics.js'
import { requireScope } from '../http/require-scope.js'
import { createRouter } from '../http/router.js'
import { loginBody, loginFailed, loginOk } from './account-schemas.js'
import { login, type LoginDeps, type LoginOutcome } from './login.js'

const loginRoute = (tenantKeys: TenantKeyStore, metrics: AppMetrics | undefined) =>
  createRoute({
    method: 'post',
    path: '/',
    tags: ['accounts'],
    summary: 'Verify a password at login; upgrade the stored hash to argon2id on success',
    description: [
      'Unknown account and wrong password answer the same 401 `{ok:false}` after the same time (failed attempts are padded to a floor that follows the slowest recent failure).',
      'Throttled per account and per `client.ip` (the end user address the site passes, never the TCP peer; IPv4-mapped IPv6 counts as IPv4, IPv6 per /64; an unparseable address is a 400). Each attempt is counted before the password is verified, so concurrent guesses cannot outrun the budget.',
      '**`mustReset: true` means: the password is right but known to others** (`reasons`: `password_breached`, `incident:<id>:<scope>`, `admin_reset` or an admin code). The site must not open a session; it sends the user through its reset flow. The current password cannot change the password then (403 `reset_required`); only a reset token can, and only that clears the reasons.',
    ].join('\n\n'),
    security: [{ bearer: [] }],
    // The key first; then the outcome counter, which sees only authenticated attempts.
    middleware: [requireScope(tenantKeys, 'login'), loginOutcomeMetrics(metrics)] as const,
    request: { body: { content: { 'application/json': { schema: loginBody } }, required: true } },
    responses: {
      200: {
        description: 'Password valid. Let the user in only when `mustReset` is false.',
        content: { 'application/json': { schema: loginOk } },
      },
      400: {
        description: 'Invalid body, e.g. `client.ip` is not an IPv4 or IPv6 address',
        content: { 'application/problem+json': { schema: problemSchema } },
      },
      401: {
        description: 'Unknown account or wrong password',
        content: { 'application/json': { schema: loginFailed } },
      },
      403: {
        description:
          "Password right but breached, and the tenant's login action is `block`: code `password_breached`. The account must reset.",
        content: {
          'application/problem+json': {
            schema: problemSchema,
            example: {
              type: '/problems#password_breached',
              title: 'Password breached: reset required',
              status: 403,
              detail:
                'The password is right but appears in breach data; the tenant blocks such logins until the account resets its password.',
              code: 'password_breached',
              externalId: 'patient-10442',
              breachAction: 'block',
            },
          },
        },
      },
      503: {
        description:
          'The account waits for its first login through the legacy verify hook and the hook gave no answer (timeout, error, bad answer, not configured): code `legacy_verify_unavailable`, `reason` says which. Not a wrong password; not counted against the throttle.',
        content: { 'application/problem+json': { schema: problemSchema } },
      },
      429: {
        description: 'Too many failures; see Retry-After',
        content: { 'application/problem+json': { schema: problemSchema } },
      },
    },
  })

export type LoginRoutesDeps = Pick<Services, 'emailIndexer' | 'breach'> & {
  tenantKeys: TenantKeyStore
  /** The login's own deps but its breach lookup, which is the tenant's (`breach.forTenant`). */
  login: Omit<LoginDeps, 'breach'>
  metrics?: AppMetrics
}

/** POST /v1/login (login scope), mounted at `/v1/login`. */
export function loginRoutes(deps: LoginRoutesDeps) {
  const router = createRouter()
  const { accounts } = deps.login
  return router.openapi(loginRoute(deps.tenantKeys, deps.metrics), async (c) => {
    const body = c.req.valid('json')
    const tenantId = c.get('auth').tenant.id
    const indexes = body.email ? deps.emailIndexer.candidates(tenantId, body.email) : null
    const account = indexes
      ? await accounts.findByEmailIndex(tenantId, indexes)
      : await accounts.find({ tenantId, externalId: body.externalId as string })
    const outcome = await login(
      { ...deps.login, breach: deps.breach.forTenant(tenantId) },
      {
        tenantId,
        tenant: c.get('auth').tenant,
        account,
        identifier: indexes ? `email:${indexes[0]}` : (body.externalId as string),
        password: body.password,
        clientIp: body.client?.ip ?? null,
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
    if (indexes && account && account.emailIndex === indexes[1]) {
      // A row indexed before v2: the address is known right now, so move it to the v2 index.
      const [to, from] = indexes
      await accounts.reindexEmail({ tenantId, externalId: account.externalId, from, to })
    }
    if (outcome.kind === 'blocked') {
      throw new ProblemError({
        status: 403,
        code: 'password_breached',
        title: 'Password breached: reset required',
        detail:
          'The password is right but appears in breach data; the tenant blocks such logins until the account resets its password.',
        extensions: { externalId: outcome.externalId, breachAction: 'block' },
      })
    }
    return c.json(loginAnswer(outcome), 200)
  })
}

/** The 200 body: `mustReset` and `reasons` say whether the site may let the user in. */
function loginAnswer(outcome: Extract<LoginOutcome, { kind: 'ok' | 'reset_required' }>) {
  const { externalId, rehashed, breachAction } = outcome
  const mustReset = outcome.kind === 'reset_required'
  return {
    ok: true as const,
    externalId,
    rehashed,
    mustReset,
    reasons: mustReset ? outcome.reasons : [],
    ...(breachAction ? { breachAction } : {}),
  }
}

import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../app/deps.js'
import type { Services } from '../app/services.js'
import type { BreachReactionStores } from '../breach-policy/react-to-breach.js'
import type { StorePorts } from '../store/ports/store-ports.js'
import type { TenantKeyStore } from '../store/ports/tenant-key-store.js'
import { problemResponse } from '../http/problem-schema.js'
import { ProblemError } from '../http/problem.js'
import { requireScope } from '../http/require-scope.js'
import { createRouter } from '../http/router.js'
import { createAccountAuditTarget } from './account-audit-target.js'
import { changePasswordBody, externalIdField } from './account-schemas.js'
import { accountSubject } from './attempt-gate.js'
import { verifyCurrentPassword } from './current-password.js'
import { judgeNewPassword } from './password-acceptance.js'
import { passwordRejected } from './password-rejected-problem.js'
import { reactToBreach } from '../breach-policy/react-to-breach.js'
import { writePasswordChange } from './password-change-write.js'

const changePasswordRoute = (tenantKeys: TenantKeyStore) =>
  createRoute({
    method: 'post',
    path: '/{externalId}/password',
    tags: ['accounts'],
    summary: 'Change the password with the current one or a one-time reset token',
    description: [
      'The credential is checked first (401, the same for an unknown account), then the new password goes through the same check as signup (422 with violations).',
      '`currentPassword` is throttled with the same counters as login (429 + Retry-After) and is refused with 403 `reset_required` while the account must reset: its password is known to others, so only a reset token can change it. Only a change by reset token clears `mustReset` and its reasons.',
      'Any change revokes every outstanding reset token of the account, in the same atomic write that sets the password, records the audit entry and queues the `account.password_changed` webhook event.',
    ].join('\n\n'),
    security: [{ bearer: [] }],
    middleware: [requireScope(tenantKeys, 'login')] as const,
    request: {
      params: z.object({ externalId: externalIdField }),
      body: { content: { 'application/json': { schema: changePasswordBody } }, required: true },
    },
    responses: {
      204: { description: 'Password changed' },
      401: problemResponse(
        'Wrong current password, unknown account, or an invalid, used or expired token',
      ),
      403: problemResponse(
        '`reset_required`: the current password is known to others; use a reset token',
      ),
      409: problemResponse('`concurrent_change`: the password or reset state changed meanwhile'),
      422: problemResponse('The new password fails the check'),
      429: problemResponse('Too many failed attempts; see Retry-After'),
    },
  })

const invalidCredentials = () =>
  new ProblemError({
    status: 401,
    code: 'invalid_credentials',
    title: 'Invalid credentials',
    detail: 'The current password or reset token is not valid for this account.',
  })

export type PasswordRoutesDeps = Pick<AppDeps, 'hasher' | 'clock'> &
  Pick<Services, 'passwordChecker' | 'resetTokenKey' | 'verifier' | 'dummy' | 'failureFloor'> & {
    /** The account and throttle stores, and the writes of the tenant's breach action. */
    stores: Pick<StorePorts, 'tenantKeys' | 'accounts' | 'throttle'> & BreachReactionStores
    /** Keys the audit target (an HMAC of the externalId). */
    secret: Uint8Array
  }

/** POST /v1/accounts/{externalId}/password (login scope), mounted at `/v1/accounts`. */
export function passwordRoutes(deps: PasswordRoutesDeps) {
  const { stores } = deps
  const { accounts, throttle, tenantKeys } = stores
  const router = createRouter()
  const auditTarget = createAccountAuditTarget(deps.secret)
  return router.openapi(changePasswordRoute(tenantKeys), async (c) => {
    const { externalId } = c.req.valid('param')
    const body = c.req.valid('json')
    const tenant = c.get('auth').tenant
    const now = deps.clock.now()
    const account = await accounts.find({ tenantId: tenant.id, externalId })
    const scope = { tenantId: tenant.id, externalId, now }
    let authorisedBy: { resetTokenHash: string } | { currentHash: string }
    if (body.resetToken) {
      const resetTokenHash = await deps.resetTokenKey.hex(body.resetToken)
      // No row for an unknown account either: both answer this same 401.
      if (!(await accounts.isLiveResetToken({ ...scope, tokenHash: resetTokenHash })))
        throw invalidCredentials()
      authorisedBy = { resetTokenHash }
    } else {
      const verdict = await verifyCurrentPassword(deps, deps, {
        tenantId: tenant.id,
        externalId,
        account,
        password: body.currentPassword!,
        clientIp: body.client?.ip ?? null,
        now,
      })
      if (verdict.kind === 'throttled') throw throttled(verdict.retryAfterMs)
      if (verdict.kind === 'invalid') throw invalidCredentials()
      if (verdict.kind === 'reset_required') throw resetRequired()
      authorisedBy = { currentHash: verdict.hash }
    }
    // Judged only once the credential holds, so 422 never tells an unknown account apart.
    const acceptance = await judgeNewPassword(deps.passwordChecker, {
      tenant,
      password: body.newPassword,
      context: { username: externalId },
      locale: body.locale,
      moment: 'passwordChange',
    })
    if (!acceptance.acceptable) throw passwordRejected(acceptance)
    const { breach } = acceptance
    const newHash = await deps.hasher.hash(body.newPassword.normalize('NFKC'), tenant.id)
    const via = body.resetToken ? 'reset_token' : 'current_password'
    const audit = {
      tenantId: tenant.id,
      actor: `key:${c.get('auth').keyId}`,
      action: 'account.password_changed',
      target: auditTarget(tenant.id, externalId),
      details: { via },
      at: now,
    }
    if (!(await writePasswordChange(accounts, { ...scope, newHash, authorisedBy, via, audit }))) {
      // The token was spent, or the hash or reset state changed, by a request that won.
      if ('resetTokenHash' in authorisedBy) throw invalidCredentials()
      throw new ProblemError({
        status: 409,
        code: 'concurrent_change',
        title: 'Concurrent change',
        detail: 'The password or its reset state changed while this request ran.',
      })
    }
    await throttle.release({ tenantId: tenant.id, subject: accountSubject(externalId) })
    if (breach) {
      const moment = 'password_change'
      await reactToBreach(
        { stores },
        { tenant, externalId, passwordEpoch: now, moment, ...breach, now },
      )
    }
    return c.body(null, 204)
  })
}

const throttled = (retryAfterMs: number) => {
  const seconds = Math.ceil(retryAfterMs / 1000)
  return new ProblemError({
    status: 429,
    code: 'throttled',
    title: 'Too many failed attempts',
    detail: `Try again in ${seconds} s.`,
    headers: { 'retry-after': String(seconds) },
  })
}

const resetRequired = () =>
  new ProblemError({
    status: 403,
    code: 'reset_required',
    title: 'Reset required',
    detail:
      'This password is known to others (breach, incident or admin reset): only a reset token can change it.',
  })

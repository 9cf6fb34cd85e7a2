import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../app/deps.js'
import { appendAudit } from '../audit/append-audit.js'
import type { Services } from '../app/services.js'
import { problemResponse } from '../http/problem-schema.js'
import { ProblemError } from '../http/problem.js'
import { requireScope } from '../http/require-scope.js'
import { createRouter } from '../http/router.js'
import { createAccountAuditTarget } from './account-audit-target.js'
import { changePasswordBody, externalIdField } from './account-schemas.js'
import { compareAndSwapHash, findAccount, setPassword } from './account-store.js'
import { clearFailures } from './login-throttle.js'
import { refusePasswordIfUnacceptable } from './password-acceptance.js'
import { consumeResetToken } from './reset-tokens.js'
import { emitPasswordChanged } from '../webhooks/emit-password-changed.js'

const changePasswordRoute = createRoute({
  method: 'post',
  path: '/v1/accounts/{externalId}/password',
  tags: ['accounts'],
  summary: 'Change the password with the current one or a one-time reset token',
  description:
    'The new password goes through the same check as signup (422 with violations). Success clears mustReset and its reasons.',
  security: [{ bearer: [] }],
  request: {
    params: z.object({ externalId: externalIdField }),
    body: { content: { 'application/json': { schema: changePasswordBody } }, required: true },
  },
  responses: {
    204: { description: 'Password changed' },
    401: problemResponse('Wrong current password, or an invalid, used or expired token'),
    422: problemResponse('The new password fails the check'),
  },
})

const invalidCredentials = () =>
  new ProblemError({
    status: 401,
    code: 'invalid_credentials',
    title: 'Invalid credentials',
    detail: 'The current password or reset token is not valid for this account.',
  })

/** POST /v1/accounts/{externalId}/password. */
export function passwordRoutes(deps: AppDeps, services: Services) {
  const db = deps.driver.db
  const router = createRouter()
  router.use('/v1/accounts/:externalId/password', requireScope(db, 'login'))
  const auditTarget = createAccountAuditTarget(deps.settings.secret)
  return router.openapi(changePasswordRoute, async (c) => {
    const { externalId } = c.req.valid('param')
    const body = c.req.valid('json')
    const tenant = c.get('auth').tenant
    const account = await findAccount(db, tenant.id, externalId)
    if (!account) {
      await services.dummy.verify(body.currentPassword ?? body.newPassword)
      throw invalidCredentials()
    }
    // Checked before the token is spent, so a refused password does not burn the link.
    await refusePasswordIfUnacceptable(deps, services, {
      tenant,
      password: body.newPassword,
      context: { username: externalId },
      locale: body.locale,
    })
    const now = deps.clock.now()
    const newHash = await deps.hasher.hash(body.newPassword.normalize('NFKC'))
    if (body.resetToken) {
      const spent = await consumeResetToken(db, services.resetTokenKey, {
        tenantId: tenant.id,
        externalId,
        token: body.resetToken,
        now,
      })
      if (!spent) throw invalidCredentials()
      // The token proves the right to set the password whatever the current hash is.
      await setPassword(db, { tenantId: tenant.id, externalId, newHash, scheme: 'argon2id', now })
    } else {
      const verdict = await services.verifier.verify(account.passwordHash, body.currentPassword!)
      if (!verdict.valid) throw invalidCredentials()
      // Keyed on the hash just verified: a concurrent reset is never silently overwritten.
      const swapped = await compareAndSwapHash(db, {
        tenantId: tenant.id,
        externalId,
        expectedHash: account.passwordHash,
        newHash,
        scheme: 'argon2id',
        now,
        passwordChanged: true,
        clearReset: true,
      })
      if (!swapped) {
        throw new ProblemError({
          status: 409,
          code: 'concurrent_change',
          title: 'Concurrent change',
          detail:
            'The password changed while this request ran; retry with the new current password.',
        })
      }
    }
    const via = body.resetToken ? 'reset_token' : 'current_password'
    // Right after the change (its CAS cannot share a batch); guarded by the new hash.
    await emitPasswordChanged(deps.driver, { tenantId: tenant.id, externalId, newHash, via, now })
    const actor = `key:${c.get('auth').keyId}`
    const target = auditTarget(tenant.id, externalId)
    const audit = { tenantId: tenant.id, actor, target, details: { via }, at: now }
    await appendAudit(deps, { ...audit, action: 'account.password_changed' })
    await clearFailures(db, tenant.id, `account:${externalId}`)
    return c.body(null, 204)
  })
}

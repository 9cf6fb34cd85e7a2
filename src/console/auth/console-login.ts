import type { AppDeps } from '../../app/deps.js'
import type { Services } from '../../app/services.js'
import { emailIndex } from '../../accounts/email-index.js'
import {
  ACCOUNT_RULE,
  clearFailures,
  recordFailure,
  throttleWait,
} from '../../accounts/login-throttle.js'
import { createSecretSealer } from '../../webhooks/webhook-secret-sealer.js'
import { consumeTotpStep, findConsoleUser } from './console-user-store.js'
import { pruneSessions, startSession, type ConsoleSession } from './console-sessions.js'
import { acceptTotp } from './totp.js'

export type ConsoleLoginOutcome =
  | { kind: 'ok'; session: ConsoleSession }
  | { kind: 'invalid' }
  | { kind: 'throttled'; retryAfterMs: number }

/**
 * Console sign-in: tenant, e-mail, password and TOTP code in one step, so a half-signed-in
 * state never exists. Throttled per (tenant, e-mail) with /v1/login's account rule; unknown
 * user, wrong password and wrong code all cost one argon2 verify and answer the same.
 */
export async function loginConsoleUser(
  deps: Pick<AppDeps, 'driver' | 'hasher' | 'clock' | 'random' | 'settings'>,
  services: Pick<Services, 'emailIndexKey' | 'dummy'>,
  input: { tenantId: string; email: string; password: string; code: string },
): Promise<ConsoleLoginOutcome> {
  const { db } = deps.driver
  const now = deps.clock.now()
  const index = await emailIndex(services.emailIndexKey, input.email)
  const subject = `console:${index}`
  const wait = await throttleWait(db, input.tenantId, subject, now)
  if (wait > 0) return { kind: 'throttled', retryAfterMs: wait }
  const user = await findConsoleUser(db, input.tenantId, index)
  const password = input.password.normalize('NFKC')
  // Same work for an unknown user as for a wrong password: timing tells nothing.
  const passwordOk = user
    ? await deps.hasher.verify(user.passwordHash, password)
    : (await services.dummy.verify(password), false)
  const step = user && passwordOk ? await totpStep(deps, user, input.code, now) : null
  if (!user || step === null || !(await consumeTotpStep(db, { id: user.id, step, now }))) {
    await recordFailure(db, { tenantId: input.tenantId, subject, now, rule: ACCOUNT_RULE })
    return { kind: 'invalid' }
  }
  await clearFailures(db, input.tenantId, subject)
  await pruneSessions(db, user.id, now)
  const session = await startSession(db, deps.random, {
    userId: user.id,
    tenantId: user.tenantId,
    now,
  })
  return { kind: 'ok', session }
}

async function totpStep(
  deps: Pick<AppDeps, 'settings' | 'random'>,
  user: { tenantId: string; sealedTotpSecret: string; totpLastStep: number },
  code: string,
  now: number,
): Promise<number | null> {
  const sealer = createSecretSealer(deps.settings.secret, deps.random)
  const secret = await sealer.open(user.tenantId, user.sealedTotpSecret)
  if (secret === null) return null
  return acceptTotp({ secret, code: code.trim(), now, lastStep: user.totpLastStep })
}

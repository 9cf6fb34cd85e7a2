import type { AppDeps } from '../../app/deps.js'
import type { Services } from '../../app/services.js'
import { checkAuditEntry } from '../../audit/audit-insert.js'
import { createSecretSealer } from '../../webhooks/webhook-secret-sealer.js'
import { reserveConsoleAttempt } from './console-attempt-gate.js'
import { consumeTotpStep, findConsoleUser } from './console-user-store.js'
import { pruneSessions, startSession, type ConsoleSession } from './console-sessions.js'
import { acceptTotp } from './totp.js'

export interface SignInOptions {
  /** Write `console.signed_in` in the same atomic write that starts the session. */
  audited?: boolean
  /** The session id the browser brought: ended in that same write (never becomes signed in). */
  replaces?: string
}

export type ConsoleLoginOutcome =
  | { kind: 'ok'; session: ConsoleSession }
  | { kind: 'invalid' }
  | { kind: 'throttled'; retryAfterMs: number }

/**
 * Console sign-in: tenant, e-mail, password and TOTP code in one step, so a half-signed-in
 * state never exists. The attempt is reserved on a per-(tenant, e-mail) counter with
 * /v1/login's account rule and on the browser's address with its IP rule before anything is
 * verified, so parallel guesses cannot outrun the throttle. Unknown user, wrong password and wrong code all cost one argon2 verify, are padded
 * to the failure floor and answer the same: a right password with a wrong code is not faster.
 */
export async function loginConsoleUser(
  deps: Pick<AppDeps, 'clock' | 'random' | 'settings'>,
  services: Pick<Services, 'stores' | 'emailIndexer' | 'verifier' | 'dummy' | 'failureFloor'>,
  input: {
    tenantId: string
    email: string
    password: string
    code: string
    /** `ipThrottleSubject` of the browser's address; absent: none (in-process callers). */
    ipSubject?: string | null
  },
  options: SignInOptions = {},
): Promise<ConsoleLoginOutcome> {
  const { consoleAuth } = services.stores
  const now = deps.clock.now()
  const { tenantId } = input
  const index = services.emailIndexer.current(tenantId, input.email)
  const gate = await reserveConsoleAttempt(services.stores.throttle, {
    tenantId,
    accountSubject: `console:${index}`,
    ipSubject: input.ipSubject ?? null,
    now,
  })
  if ('kind' in gate) return gate
  // Started before any work that depends on the user, so every failure takes the same time.
  const timer = services.failureFloor.start()
  let user: Awaited<ReturnType<typeof findConsoleUser>>
  let step: number | null = null
  try {
    user = await findConsoleUser(consoleAuth, tenantId, index)
    const verdict = user
      ? await services.verifier.verify(user.passwordHash, input.password, tenantId)
      : null
    // Unknown user: one argon2 verify too, so the work is alike.
    if (!verdict?.valid && !verdict?.costsArgon2)
      await services.dummy.verify(input.password, tenantId)
    if (user && verdict?.valid) step = await totpStep(deps, user, input.code, now)
  } catch (error) {
    // Nothing was answered (e.g. 503 overloaded): give the reservation back.
    timer.done()
    await gate.abandoned()
    throw error
  }
  if (!user || step === null || !(await consumeTotpStep(consoleAuth, { id: user.id, step, now }))) {
    // The reservation stays: it was a guess.
    await timer.fail()
    return { kind: 'invalid' }
  }
  timer.done()
  await gate.succeeded()
  await pruneSessions(consoleAuth, user.id, now)
  const actor = `console:${user.id}`
  const audit = options.audited
    ? checkAuditEntry({ tenantId: user.tenantId, actor, action: 'console.signed_in', at: now })
    : undefined
  const session = await startSession(consoleAuth, deps.random, {
    userId: user.id,
    tenantId: user.tenantId,
    now,
    ...(audit && { audit }),
    ...(options.replaces && { replaces: options.replaces }),
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

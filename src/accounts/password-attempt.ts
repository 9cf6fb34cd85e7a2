import type { HashVerdict } from '../hashing/hash-verdict.js'
import type { PasswordHasher } from '../hashing/password-hasher.js'
import type { AccountRow } from '../store/ports/account-store.js'
import type { ThrottleStore } from '../store/ports/throttle-store.js'
import { accountSubject, reserveAttempt } from './attempt-gate.js'
import { ipThrottleSubject } from './client-address.js'
import { refuseUnadmittable } from './hashing-admission.js'
import { verifyAttempt, type VerifyAttemptDeps } from './verify-attempt.js'

export interface PasswordAttemptDeps extends VerifyAttemptDeps {
  hasher: PasswordHasher
  throttle: ThrottleStore
}

/** A password tried against an account: refused by the throttle, wrong, or right. */
export type PasswordAttempt =
  | { kind: 'throttled'; retryAfterMs: number }
  | { kind: 'invalid' }
  | { kind: 'verified'; account: AccountRow; verdict: HashVerdict }

/**
 * One password attempt, the one way login and the password change by current password make it,
 * so neither is a cheaper way to guess: an attempt the hashing queue would shed gets its 503
 * before any throttle write (a flood of sheds must not cost a reservation and its release
 * each); the attempt is reserved on the account's counter (by `identifier` when no account
 * matched) and the end user's address's; then verified with the same work and failure floor
 * for an unknown account as for a wrong password (verifyAttempt).
 */
export async function attemptPassword(
  deps: PasswordAttemptDeps,
  input: {
    tenantId: string
    account: AccountRow | null
    /** What the caller named the account by: the throttle subject when no account matched. */
    identifier: string
    password: string
    /** The end user's address, already validated by the request schema (isClientIp). */
    clientIp: string | null
    now: number
  },
): Promise<PasswordAttempt> {
  const ipSubject = input.clientIp === null ? null : ipThrottleSubject(input.clientIp)
  if (input.clientIp !== null && ipSubject === null) throw new Error('unvalidated client.ip')
  refuseUnadmittable(deps.hasher, input.tenantId)
  const gate = await reserveAttempt(deps.throttle, {
    tenantId: input.tenantId,
    accountSubject: accountSubject(input.account?.externalId ?? input.identifier),
    ipSubject,
    now: input.now,
  })
  if ('kind' in gate) return gate
  const { account, password, tenantId } = input
  const verdict = await verifyAttempt(deps, gate, account, password, tenantId)
  return verdict && account ? { kind: 'verified', account, verdict } : { kind: 'invalid' }
}

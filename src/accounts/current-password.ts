import type { Services } from '../app/services.js'
import type { StorePorts } from '../store/ports/store-ports.js'
import type { PasswordHasher } from '../hashing/password-hasher.js'
import type { AccountRow } from '../store/ports/account-store.js'
import { accountSubject, reserveAttempt } from './attempt-gate.js'
import { refuseUnadmittable } from './hashing-admission.js'
import { ipThrottleSubject } from './client-address.js'
import { currentPasswordRevoked } from './reset-requirement.js'
import { verifyAttempt } from './verify-attempt.js'

export type CurrentPasswordVerdict =
  | { kind: 'throttled'; retryAfterMs: number }
  | { kind: 'invalid' }
  /** Right password, but known to others: it may not authorise a change. */
  | { kind: 'reset_required' }
  /** Right password; `hash` is the stored hash it verified against (for the CAS). */
  | { kind: 'valid'; hash: string }

/**
 * Checks the current password for a password change exactly as login checks it: the same
 * throttle counters (reserved before verifying), the same work and failure floor for an
 * unknown account as for a wrong password.
 */
export async function verifyCurrentPassword(
  deps: { hasher: PasswordHasher },
  services: Pick<Services, 'verifier' | 'dummy' | 'failureFloor'> & {
    stores: Pick<StorePorts, 'throttle'>
  },
  input: {
    tenantId: string
    externalId: string
    account: AccountRow | null
    password: string
    clientIp: string | null
    now: number
  },
): Promise<CurrentPasswordVerdict> {
  // Shed before the reservation, as login does: a 503 costs no throttle write.
  refuseUnadmittable(deps.hasher, input.tenantId)
  const gate = await reserveAttempt(services.stores.throttle, {
    tenantId: input.tenantId,
    accountSubject: accountSubject(input.externalId),
    ipSubject: input.clientIp === null ? null : ipThrottleSubject(input.clientIp),
    now: input.now,
  })
  if ('kind' in gate) return gate
  const floor = services.failureFloor
  const verdict = await verifyAttempt(
    { ...services, floor },
    gate,
    input.account,
    input.password,
    input.tenantId,
  )
  if (!verdict) return { kind: 'invalid' }
  const account = input.account as AccountRow
  if (currentPasswordRevoked(account)) return { kind: 'reset_required' }
  return { kind: 'valid', hash: account.passwordHash }
}

import type { Services } from '../app/services.js'
import type { StorePorts } from '../store/ports/store-ports.js'
import type { PasswordHasher } from '../hashing/password-hasher.js'
import type { AccountRow } from '../store/ports/account-store.js'
import { currentPasswordRevoked } from './reset-requirement.js'
import { attemptPassword } from './password-attempt.js'

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
  const attempt = await attemptPassword(
    { ...services, throttle: services.stores.throttle, floor: services.failureFloor, ...deps },
    { ...input, identifier: input.externalId },
  )
  if (attempt.kind !== 'verified') return attempt
  const { account } = attempt
  if (currentPasswordRevoked(account)) return { kind: 'reset_required' }
  return { kind: 'valid', hash: account.passwordHash }
}

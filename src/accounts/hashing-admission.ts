import type { BoundedHasher } from '../hashing/bounded-password-hasher.js'
import type { PasswordHasher } from '../hashing/password-hasher.js'

const hasAdmission = (hasher: PasswordHasher): hasher is BoundedHasher =>
  typeof (hasher as Partial<BoundedHasher>).shedIfFull === 'function'

/**
 * Sheds a password attempt (503 overloaded) before anything is written for it, when the
 * hashing queue would refuse the tenant's work right now. Attempts admitted here still reserve
 * on the throttle before verifying; one the queue fills up against meanwhile is shed inside the
 * hasher and gives its reservation back. A hasher without admission control admits all.
 */
export function refuseUnadmittable(hasher: PasswordHasher, tenantId: string): void {
  if (hasAdmission(hasher)) hasher.shedIfFull(tenantId)
}

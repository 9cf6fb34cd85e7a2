import type { ParsedHash } from './parsed-hash.js'
import type { Argon2Params } from './password-hasher.js'

/**
 * Whether a hash that just verified should be replaced: anything but a plain `$argon2id$` with
 * exactly the policy's m/t/p (parameter drift in either direction, as Keycloak does).
 */
export function needsRehash(hash: ParsedHash, policy: Argon2Params): boolean {
  if (hash.scheme !== 'argon2id' || !hash.cost) return true
  const { m, t, p } = hash.cost
  return m !== policy.memoryKib || t !== policy.iterations || p !== policy.parallelism
}

import type { ParsedHash } from './parsed-hash.js'
import type { Argon2Params } from './password-hasher.js'

/**
 * Whether a hash that just verified should be replaced: anything but a plain `$argon2id$` with
 * exactly the policy's m/t/p (parameter drift in either direction, as Keycloak does). The one
 * owner of this rule: the vault's verifier asks it for login and `/v1/hashes/verify`.
 */
export function needsRehash(hash: ParsedHash, policy: Argon2Params): boolean {
  // The canonical form, not only the scheme name: an argon2id wrapped in another format (a
  // framework prefix) is stored as that format and is rewritten to plain PHC on upgrade.
  if (hash.scheme !== 'argon2id' || !hash.canonical.startsWith('$argon2id$') || !hash.cost) {
    return true
  }
  const { m, t, p } = hash.cost
  return m !== policy.memoryKib || t !== policy.iterations || p !== policy.parallelism
}

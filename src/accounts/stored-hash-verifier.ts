import type { HashPrimitives } from '../hashing/hash-primitives.js'
import { parseStoredHash } from '../hashing/parse-stored-hash.js'
import type { Argon2Params, PasswordHasher } from '../hashing/password-hasher.js'
import type { ParsedHash } from '../hashing/parsed-hash.js'
import { isWrappedHash } from '../migration/wrapped-hash.js'
import { verifyWrappedStoredHash } from '../migration/wrapped-verdict.js'

export interface HashVerdict {
  valid: boolean
  scheme: string
  /** Not argon2id with the current parameters: upgrade on success. */
  needsRehash: boolean
  /** The verify already cost an argon2 computation (no dummy work needed to hide timing). */
  costsArgon2: boolean
}

/** Verifies a password against any stored hash the vault holds. */
export interface StoredHashVerifier {
  verify(storedHash: string, password: string): Promise<HashVerdict>
}

/**
 * Legacy hashes were made by other systems from whatever bytes the user typed, so the password
 * is tried exactly as received first, then in NFKC form if that differs (new hashes use NFKC).
 */
export function createStoredHashVerifier(deps: {
  hasher: PasswordHasher
  primitives: HashPrimitives
}): StoredHashVerifier {
  return {
    async verify(storedHash, password) {
      // Batch-migrated rows (issue 4): argon2id over the legacy digest, see wrapped-hash.ts.
      if (isWrappedHash(storedHash))
        return verifyWrappedStoredHash(storedHash, password, deps.hasher)
      const parsed = parseStoredHash(storedHash)
      if (!parsed.ok)
        return { valid: false, scheme: 'unknown', needsRehash: true, costsArgon2: false }
      const hash = parsed.hash
      const normalized = password.normalize('NFKC')
      const valid =
        (await hash.verify(password, deps.primitives)) ||
        (normalized !== password && (await hash.verify(normalized, deps.primitives)))
      return {
        valid,
        scheme: hash.scheme,
        needsRehash: hashNeedsRehash(hash, deps.hasher.params),
        // Includes Django's `argon2$` (family django): any argon2 verify hides timing as well.
        costsArgon2: hash.scheme.includes('argon2'),
      }
    },
  }
}

/** Parameter drift counts as needing a rehash, as Keycloak does. */
export function hashNeedsRehash(hash: ParsedHash, policy: Argon2Params): boolean {
  if (hash.scheme !== 'argon2id' || !hash.canonical.startsWith('$argon2id$')) return true
  const cost = hash.cost ?? {}
  return (
    cost.m !== policy.memoryKib || cost.t !== policy.iterations || cost.p !== policy.parallelism
  )
}

import type { HashVerdict } from '../hashing/hash-verdict.js'
import type { PasswordHasher } from '../hashing/password-hasher.js'
import { parseWrappedHash, verifyWrappedHash } from './wrapped-hash.js'

/** The scheme name reported for a wrapped hash, e.g. `wrapped:md5_crypt`. */
export const wrappedSchemeName = (innerScheme: string) => `wrapped:${innerScheme}`

/**
 * The vault's verdict on a `$pwg-wrap$` hash. Always `needsRehash`: the next login replaces
 * the layered hash with plain argon2id over the password. It costs an argon2 verify, so a
 * wrong password needs no dummy work to look like one on an argon2id account.
 */
export async function verifyWrappedStoredHash(
  stored: string,
  password: string,
  hasher: PasswordHasher,
): Promise<HashVerdict> {
  const wrapped = parseWrappedHash(stored)
  if (!wrapped) return { valid: false, scheme: 'unknown', needsRehash: true, costsArgon2: false }
  return {
    valid: await verifyWrappedHash(wrapped, password, hasher),
    scheme: wrappedSchemeName(wrapped.innerScheme),
    needsRehash: true,
    costsArgon2: true,
  }
}

import { estimateVerifyMs, isSlowToVerify } from '../hashing/cost-table.js'
import type { HashPrimitives } from '../hashing/hash-primitives.js'
import type { HashVerdict } from '../hashing/hash-verdict.js'
import { parseStoredHash } from '../hashing/parse-stored-hash.js'
import { needsRehash } from '../hashing/needs-rehash.js'
import type { PasswordHasher } from '../hashing/password-hasher.js'
import type { ParsedHash } from '../hashing/parsed-hash.js'
import { isWrappedHash } from '../migration/wrapped-hash.js'
import { verifyWrappedStoredHash } from '../migration/wrapped-verdict.js'

/** Verifies a password against any stored hash the vault holds. */
export interface StoredHashVerifier {
  /** `tenantId` is who the hashing is billed to by admission control (per-tenant fairness). */
  verify(storedHash: string, password: string, tenantId?: string): Promise<HashVerdict>
}

/** The password forms a legacy hash is tried with: as received, then NFKC if that differs. */
export function passwordForms(password: string): string[] {
  const normalized = password.normalize('NFKC')
  return normalized === password ? [password] : [password, normalized]
}

/** Estimated cost (ms) of verifying `hash` with every form of `password`. */
export function estimateStoredVerifyMs(hash: ParsedHash, password: string): number {
  const bytes = (form: string) => new TextEncoder().encode(form).length
  return passwordForms(password).reduce((sum, form) => sum + estimateVerifyMs(hash, bytes(form)), 0)
}

/**
 * Legacy hashes were made by other systems from whatever bytes the user typed, so the password
 * is tried exactly as received first, then in NFKC form if that differs (new hashes use NFKC).
 * Slow families run as one job on the hashing pool where the runtime has one (Node), so the
 * event loop never computes sha-crypt, PBKDF2, scrypt, phpass or bcrypt itself.
 */
export function createStoredHashVerifier(deps: {
  hasher: PasswordHasher
  primitives: HashPrimitives
}): StoredHashVerifier {
  const { primitives } = deps
  return {
    async verify(storedHash, password, tenantId) {
      // Batch-migrated rows: argon2id over the legacy digest, see wrapped-hash.ts.
      if (isWrappedHash(storedHash))
        return verifyWrappedStoredHash(storedHash, password, deps.hasher)
      const parsed = parseStoredHash(storedHash)
      if (!parsed.ok)
        return { valid: false, scheme: 'unknown', needsRehash: true, costsArgon2: false }
      const hash = parsed.hash
      const forms = passwordForms(password)
      let valid = false
      if (primitives.verifyStored && isSlowToVerify(hash)) {
        valid = (await primitives.verifyStored(hash.canonical, forms, tenantId)).valid
      } else {
        const bound = { ...primitives, argon2Verify: bindOwner(primitives, tenantId) }
        for (const form of forms) if (!valid) valid = await hash.verify(form, bound)
      }
      return {
        valid,
        scheme: hash.scheme,
        needsRehash: needsRehash(hash, deps.hasher.params),
        // Includes Django's `argon2$` (family django): any argon2 verify hides timing as well.
        costsArgon2: hash.scheme.includes('argon2'),
      }
    },
  }
}

function bindOwner(primitives: HashPrimitives, owner: string | undefined) {
  return (phc: string, password: Uint8Array) => primitives.argon2Verify(phc, password, owner)
}

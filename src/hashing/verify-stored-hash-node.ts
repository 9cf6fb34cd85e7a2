import { verifySync as argon2VerifySync } from '@node-rs/argon2'
import { verifySync as bcryptVerifySync } from '@node-rs/bcrypt'
import { Buffer } from 'node:buffer'
import type { HashPrimitives, StoredVerifyResult } from './hash-primitives.js'
import { parseStoredHash } from './parse-stored-hash.js'

/** The primitives inside a hashing worker thread: synchronous native code, no second hop. */
const HERE: HashPrimitives = {
  bcryptVerify: async (password, hash) => {
    try {
      return bcryptVerifySync(Buffer.from(password), hash)
    } catch {
      // A hash the native parser refuses is a non-match, never a crash at login.
      return false
    }
  },
  argon2Verify: async (phc, password) => {
    try {
      return argon2VerifySync(phc, Buffer.from(password))
    } catch {
      return false
    }
  },
}

/**
 * Runs in a hashing worker thread: parses `hash` again (the bounds hold here too) and tries each
 * password form in turn until one matches. Never throws: an unusable hash is a non-match.
 */
export async function verifyStoredHashHere(
  hash: string,
  passwords: string[],
): Promise<StoredVerifyResult> {
  const start = performance.now()
  const parsed = parseStoredHash(hash)
  let valid = false
  if (parsed.ok) {
    for (const password of passwords) {
      if (await parsed.hash.verify(password, HERE)) {
        valid = true
        break
      }
    }
  }
  return { valid, ms: performance.now() - start }
}

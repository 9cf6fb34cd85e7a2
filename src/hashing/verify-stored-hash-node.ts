import { verifySync as argon2VerifySync } from '@node-rs/argon2'
import { verifySync as bcryptVerifySync } from '@node-rs/bcrypt'
import { Buffer } from 'node:buffer'
import type { HashPrimitives, StoredVerifyResult } from './hash-primitives.js'
import { verifyStoredHashWith } from './verify-stored-hash.js'

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

/** Runs in a hashing worker thread (hash-worker-node.mjs): one whole stored-hash verify. */
export function verifyStoredHashHere(
  hash: string,
  passwords: string[],
): Promise<StoredVerifyResult> {
  return verifyStoredHashWith(hash, passwords, HERE)
}

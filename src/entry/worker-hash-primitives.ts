import { compareSync } from 'bcryptjs'
import type { BoundedHasher } from '../hashing/bounded-password-hasher.js'
import type { HashPrimitives } from '../hashing/hash-primitives.js'
import type { PasswordHasher } from '../hashing/password-hasher.js'
import { verifyStoredHashWith } from '../hashing/verify-stored-hash.js'

/** bcrypt keys on at most 72 password bytes; everything after is ignored. */
const BCRYPT_KEY_BYTES = 72

/**
 * The Worker's primitives: argon2 through the WASM `PasswordHasher`, bcrypt through bcryptjs
 * (pure JS; @node-rs/bcrypt is a native addon workerd cannot load). bcryptjs takes a string
 * and hashes its UTF-8 bytes, so the bytes are handed over as the string that encodes to them.
 * Given the bounded hasher and the raw one under it, every slow legacy verify is one job behind
 * the same admission gate as argon2: the isolate has no threads, but a flood of costly
 * hashes is queued per tenant and shed instead of piling up.
 */
export function createWorkerHashPrimitives(
  hasher: PasswordHasher | BoundedHasher,
  raw?: PasswordHasher,
): HashPrimitives {
  const primitives: HashPrimitives = {
    bcryptVerify,
    argon2Verify: (phc, password, owner) => hasher.verify(phc, password, owner),
  }
  if (!raw || !('admit' in hasher)) return primitives
  // Inside an admitted job argon2 goes to the raw hasher: the job already holds the slot.
  const inJob: HashPrimitives = { bcryptVerify, argon2Verify: (phc, pw) => raw.verify(phc, pw) }
  return {
    ...primitives,
    verifyStored: (hash, passwords, owner) =>
      hasher.admit(owner, () => verifyStoredHashWith(hash, passwords, inJob)),
  }
}

async function bcryptVerify(password: Uint8Array, hash: string): Promise<boolean> {
  const text = bcryptPasswordText(password)
  if (text === null) return false
  try {
    return compareSync(text, hash)
  } catch {
    // A hash bcryptjs refuses is a non-match, never a crash at login.
    return false
  }
}

/**
 * A string whose UTF-8 encoding bcrypt reads as exactly `bytes`. Valid UTF-8 decodes as is.
 * A password cut at 72 bytes may end inside a character: that character is completed with
 * continuation bytes, which fall past byte 72, where bcrypt never looks. Anything else (not
 * UTF-8 at all) has no string form: null, a non-match.
 */
export function bcryptPasswordText(bytes: Uint8Array): string | null {
  const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })
  try {
    return fatal.decode(bytes)
  } catch {
    if (bytes.length < BCRYPT_KEY_BYTES) return null
  }
  for (let cut = 1; cut <= 3; cut++) {
    const lead = bytes.length - cut
    const first = bytes[lead] ?? 0
    const needed = first >= 0xf0 ? 4 : first >= 0xe0 ? 3 : first >= 0xc0 ? 2 : 0
    if (needed === 0) continue
    // A complete last character means the invalid byte is elsewhere: not UTF-8.
    if (needed <= cut) return null
    const completed = new Uint8Array(lead + needed)
    completed.set(bytes.subarray(0, lead + cut))
    completed.fill(0x80, lead + cut)
    // The smallest valid second byte: E0 and F0 would otherwise be overlong forms.
    if (cut === 1) completed[lead + 1] = first === 0xe0 ? 0xa0 : first === 0xf0 ? 0x90 : 0x80
    try {
      return fatal.decode(completed)
    } catch {
      return null
    }
  }
  return null
}

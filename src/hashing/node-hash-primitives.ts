import { verify as bcryptVerify } from '@node-rs/bcrypt'
import type { HashPrimitives } from './hash-primitives.js'
import type { PasswordHasher } from './password-hasher.js'

/**
 * Node's primitives: bcrypt through @node-rs/bcrypt (native, on libuv's thread pool, so a cost-12
 * verify never blocks the event loop) and argon2 through the app's `PasswordHasher`.
 */
export function createNodeHashPrimitives(hasher: PasswordHasher): HashPrimitives {
  return {
    bcryptVerify: async (password, hash) => {
      try {
        return await bcryptVerify(password, hash)
      } catch {
        // A hash the native parser refuses is a non-match, never a crash at login.
        return false
      }
    },
    argon2Verify: (phc, password) => hasher.verify(phc, password),
  }
}

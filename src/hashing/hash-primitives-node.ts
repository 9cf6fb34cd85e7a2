import { verify as bcryptVerify } from '@node-rs/bcrypt'
import type { BoundedHasher } from './bounded-password-hasher.js'
import type { HashPrimitives } from './hash-primitives.js'
import type { NodeHashPool } from './worker-argon2-hasher-node.js'
import type { PasswordHasher } from './password-hasher.js'

/**
 * Node's primitives: bcrypt through @node-rs/bcrypt (native, on libuv's thread pool) and argon2
 * through the app's `PasswordHasher`. Given the hashing pool, every slow legacy verify runs there
 * as one job: off the event loop, behind the hasher's admission control
 * (`hasher.admit`), with per-tenant fairness.
 */
export function createNodeHashPrimitives(
  hasher: PasswordHasher | BoundedHasher,
  pool?: NodeHashPool,
): HashPrimitives {
  const admit = 'admit' in hasher ? hasher.admit : undefined
  return {
    bcryptVerify: async (password, hash) => {
      try {
        return await bcryptVerify(password, hash)
      } catch {
        // A hash the native parser refuses is a non-match, never a crash at login.
        return false
      }
    },
    argon2Verify: (phc, password, owner) => hasher.verify(phc, password, owner),
    ...(pool && {
      verifyStored: (hash, passwords, owner) => {
        const work = () => pool.verifyStored(hash, passwords)
        return admit ? admit(owner, work) : work()
      },
    }),
  }
}

import { hash, verify } from '@node-rs/argon2'
import type { Argon2Params, PasswordHasher } from './password-hasher.js'

/**
 * argon2 on Node through @node-rs/argon2: native code on libuv's thread pool, so hashing
 * never blocks the event loop. `algorithm` is left at its default (argon2id): the package's
 * `Algorithm` is a const enum that isolatedModules cannot import.
 */
export function createNodeArgon2Hasher(params: Argon2Params): PasswordHasher {
  return {
    params,
    hash: (password) =>
      hash(password, {
        memoryCost: params.memoryKib,
        timeCost: params.iterations,
        parallelism: params.parallelism,
      }),
    verify: async (phc, password) => {
      try {
        return await verify(phc, typeof password === 'string' ? password : Buffer.from(password))
      } catch {
        // A malformed PHC string is a non-match, never a crash at login.
        return false
      }
    },
  }
}

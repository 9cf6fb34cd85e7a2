import {
  createBoundedHasher,
  type HasherLimits,
} from '../../src/hashing/bounded-password-hasher.js'
import { createNodeHashPrimitives } from '../../src/hashing/hash-primitives-node.js'
import { createNodeWorkerArgon2Hasher } from '../../src/hashing/worker-argon2-hasher-node.js'
import { TEST_ARGON2 } from './test-app.js'

/**
 * The Node entry's hashing wiring (src/entry/build-node-deps.ts) with test argon2 parameters:
 * niced worker threads for argon2 and every slow legacy family, behind one fair admission.
 * Pass the result as `deps` to createTestApp; `close()` stops the threads.
 */
export function createPooledHashing(limits: HasherLimits = { maxConcurrent: 2, maxQueued: 64 }) {
  const pool = createNodeWorkerArgon2Hasher(TEST_ARGON2, { threads: limits.maxConcurrent })
  const hasher = createBoundedHasher(pool, limits)
  return {
    deps: { hasher, hashPrimitives: createNodeHashPrimitives(hasher, pool) },
    hasher,
    close: () => pool.close(),
  }
}

import type { PasswordHasher } from './password-hasher.js'
import { yieldToEventLoop } from './legacy/yield-to-event-loop.js'

/**
 * A synchronous hasher (WASM argon2 on Workers) that first gives the isolate back for one turn.
 * Without it a hash would take and free its admission slot within one macrotask, so requests
 * waiting in the runtime would never be counted and the queue bound could never shed them.
 */
export function createYieldingHasher(inner: PasswordHasher): PasswordHasher {
  return {
    params: inner.params,
    hash: async (password) => {
      await yieldToEventLoop()
      return inner.hash(password)
    },
    verify: async (phc, password) => {
      await yieldToEventLoop()
      return inner.verify(phc, password)
    },
  }
}

import type { PasswordHasher } from './password-hasher.js'

/**
 * Hashing that cannot run here and now. Never a wrong password (no failure is counted) and
 * never a 500: the HTTP layer answers 503 with the code.
 */
export class HashingUnavailableError extends Error {
  override name = 'HashingUnavailableError'
  constructor(
    message: string,
    readonly code: 'overloaded' | 'hash_cost_unsupported',
    readonly retryAfterSeconds: number | null,
  ) {
    super(message)
  }
}

/** argon2 work beyond capacity: the HTTP layer answers 503 with Retry-After. */
export class OverloadedError extends HashingUnavailableError {
  override name = 'OverloadedError'
  constructor(retryAfterSeconds: number) {
    super('argon2 capacity exhausted', 'overloaded', retryAfterSeconds)
  }
}

export interface HasherLimits {
  /** Hashes running at once (Node: the libuv pool size, so the pool is never oversubscribed). */
  maxConcurrent: number
  /** Hashes allowed to wait; one more is refused at once instead of queueing without bound. */
  maxQueued: number
}

/**
 * Wraps a hasher with admission control. Every argon2 operation (login verify, dummy verify,
 * upgrade, signup) shares one budget, so a login flood degrades to fast 503s while requests
 * already admitted still finish in bounded time.
 */
export function createBoundedHasher(
  inner: PasswordHasher,
  limits: HasherLimits,
): PasswordHasher & {
  stats(): { running: number; queued: number; rejected: number }
} {
  let running = 0
  let rejected = 0
  const waiting: (() => void)[] = []
  const admit = async <T>(work: () => Promise<T>): Promise<T> => {
    if (running >= limits.maxConcurrent) {
      if (waiting.length >= limits.maxQueued) {
        rejected += 1
        throw new OverloadedError(1)
      }
      await new Promise<void>((resolve) => waiting.push(resolve))
    } else {
      running += 1
    }
    try {
      return await work()
    } finally {
      const next = waiting.shift()
      // Hand the slot straight to the next waiter; `running` stays the same.
      if (next) next()
      else running -= 1
    }
  }
  return {
    params: inner.params,
    hash: (password) => admit(() => inner.hash(password)),
    verify: (phc, password) => admit(() => inner.verify(phc, password)),
    stats: () => ({ running, queued: waiting.length, rejected }),
  }
}

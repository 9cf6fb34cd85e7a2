import {
  AdmissionRefused,
  SHARED_OWNER,
  createFairAdmission,
  type AdmissionLimits,
  type AdmissionStats,
  type CostOwner,
  type FairAdmission,
} from './fair-admission.js'
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

/** Hashing work beyond capacity: the HTTP layer answers 503 with Retry-After. */
export class OverloadedError extends HashingUnavailableError {
  override name = 'OverloadedError'
  constructor(retryAfterSeconds: number) {
    super('hashing capacity exhausted', 'overloaded', retryAfterSeconds)
  }
}

/** The limits of `createBoundedHasher`; `maxQueuedPerOwner` is the per-tenant queue quota. */
export type HasherLimits = AdmissionLimits

export interface BoundedHasher extends PasswordHasher {
  stats(): AdmissionStats
  /** Runs other slow hashing (legacy verifies) under the same admission, billed to `owner`. */
  admit<T>(owner: CostOwner | undefined, work: () => Promise<T>): Promise<T>
  /** Throws OverloadedError now when `owner`'s next hash would be shed (counted as a shed). */
  shedIfFull(owner: CostOwner | undefined): void
}

/**
 * Wraps a hasher with admission control. Every slow hash (login verify, dummy verify, upgrade,
 * signup, every slow legacy family) shares one budget with per-tenant queues, so a flood
 * degrades to fast 503s for the flooding tenant while requests already admitted, and other
 * tenants' logins, still finish in bounded time.
 */
export function createBoundedHasher(
  inner: PasswordHasher,
  limits: HasherLimits,
  admission: FairAdmission = createFairAdmission(limits),
): BoundedHasher {
  const admit = async <T>(owner: CostOwner | undefined, work: () => Promise<T>): Promise<T> => {
    try {
      return await admission.admit(owner ?? SHARED_OWNER, work)
    } catch (error) {
      if (error instanceof AdmissionRefused) throw new OverloadedError(1)
      throw error
    }
  }
  return {
    params: inner.params,
    hash: (password, owner) => admit(owner, () => inner.hash(password)),
    verify: (phc, password, owner) => admit(owner, () => inner.verify(phc, password)),
    stats: () => admission.stats(),
    admit,
    shedIfFull(owner) {
      if (admission.refuseEarly(owner ?? SHARED_OWNER)) throw new OverloadedError(1)
    },
  }
}

/** Who pays for a hash: the tenant whose request triggered it. */
export type CostOwner = string

/** Owner of work no tenant asked for (start-up, the CLI, an unattributed caller). */
export const SHARED_OWNER: CostOwner = '\u0000shared'

export interface AdmissionLimits {
  /** Hashes running at once (Node: worker threads, so the pool is never oversubscribed). */
  maxConcurrent: number
  /** Hashes allowed to wait in all; one more is refused at once instead of queueing. */
  maxQueued: number
  /**
   * Hashes one tenant may have waiting. Default: `maxQueued` less a quarter kept for the other
   * tenants (48 of 64), so a flooding tenant fills its quota and gets 503s while others still
   * find room in the queue.
   */
  maxQueuedPerOwner?: number
}

export interface AdmissionStats {
  running: number
  queued: number
  rejected: number
}

/** Thrown by `admit` when the work cannot even wait; carries who was refused. */
export class AdmissionRefused extends Error {
  override name = 'AdmissionRefused'
  constructor(readonly owner: CostOwner) {
    super('hashing capacity exhausted')
  }
}

/**
 * Admission control shared by every slow hash (argon2 and every slow legacy family): at most
 * `maxConcurrent` run, the rest wait in one queue per tenant, and a freed slot goes to the next
 * tenant in round-robin order, never to whoever queued most. So one tenant's flood of costly
 * verifies delays another tenant's login by at most one running job, not by the whole flood.
 */
export function createFairAdmission(limits: AdmissionLimits) {
  const perOwner = limits.maxQueuedPerOwner ?? limits.maxQueued - Math.floor(limits.maxQueued / 4)
  const queues = new Map<CostOwner, (() => void)[]>()
  let running = 0
  let queued = 0
  let rejected = 0
  const next = (): (() => void) | undefined => {
    // Map iteration order is insertion order: the head owner is served, then re-queued at the
    // tail if it still waits (round robin).
    for (const [owner, waiters] of queues) {
      const waiter = waiters.shift()
      queues.delete(owner)
      if (waiters.length > 0) queues.set(owner, waiters)
      if (waiter) {
        queued -= 1
        return waiter
      }
    }
    return undefined
  }
  const wouldRefuse = (owner: CostOwner) =>
    running >= limits.maxConcurrent &&
    (queued >= limits.maxQueued || (queues.get(owner)?.length ?? 0) >= perOwner)
  const admit = async <T>(owner: CostOwner, work: () => Promise<T>): Promise<T> => {
    if (running >= limits.maxConcurrent) {
      const waiters = queues.get(owner) ?? []
      if (wouldRefuse(owner)) {
        rejected += 1
        throw new AdmissionRefused(owner)
      }
      queues.set(owner, waiters)
      queued += 1
      await new Promise<void>((resolve) => waiters.push(resolve))
    } else {
      running += 1
    }
    try {
      return await work()
    } finally {
      const waiter = next()
      // Hand the slot straight to the next waiter; `running` stays the same.
      if (waiter) waiter()
      else running -= 1
    }
  }
  return {
    admit,
    /**
     * Refuses now, counted like a refused `admit`, when `owner`'s work would be refused: lets a
     * caller shed before it spends anything else on a request (e.g. a throttle reservation).
     */
    refuseEarly(owner: CostOwner): boolean {
      if (!wouldRefuse(owner)) return false
      rejected += 1
      return true
    },
    stats: (): AdmissionStats => ({ running, queued, rejected }),
  }
}

export type FairAdmission = ReturnType<typeof createFairAdmission>

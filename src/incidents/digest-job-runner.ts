import { HashingUnavailableError } from '../hashing/bounded-password-hasher.js'
import type { PasswordHasher } from '../hashing/password-hasher.js'
import type { Logger } from '../ports/logger.js'
import type { CheckedGroup, DigestJobStore } from '../store/ports/digest-job-store.js'

/** One wrapped account to try a leaked digest against (held in memory only, never stored). */
export interface DigestCheck {
  tenantId: string
  incidentId: string
  recordKey: string
  externalId: string
  phc: string
  digest: string
}

/** The wrapped-digest job: argon2 verifies in the background, results written in groups. */
export interface DigestJobRunner {
  enqueue(checks: readonly DigestCheck[]): void
  /** Checks of this incident queued or in flight in this process. */
  active(tenantId: string, incidentId: string): number
  /** Resolves once every queued check is verified and written. */
  drained(): Promise<void>
}

/** Results per write: one batch per group keeps the write cost far below the argon2 cost. */
const GROUP = 64
/** An overloaded hasher (admission control full of logins) is asked again after this. */
const BACKOFF_MS = 50

/**
 * Runs the checks `concurrency` at a time through `hasher`: on the server that is the shared,
 * admission-controlled argon2 pool, so the job takes at most `concurrency` slots and a login
 * waits for at most one verify to finish before it gets one. A 503 from admission control is
 * not an answer: the check waits and is tried again.
 */
export function createDigestJobRunner(deps: {
  store: Pick<DigestJobStore, 'writeCheckedGroup'>
  hasher: PasswordHasher
  now: () => number
  concurrency: number
  logger?: Logger
  /** Called after each verify with the number verified so far (the CLI's progress bar). */
  onChecked?: (checked: number) => void
}): DigestJobRunner {
  let checked = 0
  const queue: DigestCheck[] = []
  // Records queued or in flight here: a list uploaded again meanwhile must not check them twice.
  const queued = new Set<string>()
  const recordId = (check: DigestCheck) => `${keyOf(check)}\u0000${check.recordKey}`
  const counts = new Map<string, number>()
  const results = new Map<string, CheckedGroup>()
  let inFlight = 0
  let busySince = performance.now()
  let writing: Promise<void> = Promise.resolve()
  let idle: (() => void)[] = []
  const keyOf = (check: { tenantId: string; incidentId: string }) =>
    `${check.tenantId}\u0000${check.incidentId}`

  const flush = () => {
    const groups = [...results.values()]
    results.clear()
    const elapsed = performance.now() - busySince
    busySince = performance.now()
    for (const group of groups) {
      group.busyMs = elapsed / groups.length
      // `updatedAt` is when the results were in: progress and the bench read the end from it.
      group.now = deps.now()
    }
    writing = writing.then(async () => {
      for (const group of groups) {
        try {
          await deps.store.writeCheckedGroup(group)
        } catch (error) {
          // The records stay pending: re-ingesting the list retries them.
          deps.logger?.error('digest job write failed', { error: String(error) })
        }
        for (const _ of [...group.matched, ...group.unmatched]) decrement(group)
      }
      settleIfIdle()
    })
  }
  const decrement = (check: { tenantId: string; incidentId: string }) => {
    const key = keyOf(check)
    const left = (counts.get(key) ?? 1) - 1
    if (left <= 0) counts.delete(key)
    else counts.set(key, left)
  }
  const settleIfIdle = () => {
    if (queue.length > 0 || inFlight > 0 || results.size > 0 || counts.size > 0) return
    const waiting = idle
    idle = []
    for (const resolve of waiting) resolve()
  }
  const record = (check: DigestCheck, matched: boolean) => {
    const key = keyOf(check)
    const group = results.get(key) ?? {
      tenantId: check.tenantId,
      incidentId: check.incidentId,
      matched: [],
      unmatched: [],
      busyMs: 0,
      now: deps.now(),
    }
    results.set(key, group)
    if (matched) group.matched.push({ recordKey: check.recordKey, externalId: check.externalId })
    else group.unmatched.push(check.recordKey)
    const size = [...results.values()].reduce(
      (n, g) => n + g.matched.length + g.unmatched.length,
      0,
    )
    if (size >= GROUP || (queue.length === 0 && inFlight === 0)) flush()
  }
  const verify = async (check: DigestCheck): Promise<boolean> => {
    for (;;) {
      try {
        return await deps.hasher.verify(check.phc, check.digest)
      } catch (error) {
        if (!(error instanceof HashingUnavailableError) || error.code !== 'overloaded') return false
        await new Promise((resolve) => setTimeout(resolve, BACKOFF_MS))
      }
    }
  }
  const pump = () => {
    while (inFlight < deps.concurrency && queue.length > 0) {
      const check = queue.shift() as DigestCheck
      inFlight += 1
      void verify(check).then((matched) => {
        queued.delete(recordId(check))
        inFlight -= 1
        checked += 1
        deps.onChecked?.(checked)
        pump()
        record(check, matched)
      })
    }
  }
  return {
    enqueue(checks) {
      if (checks.length === 0) return
      if (inFlight === 0 && queue.length === 0) busySince = performance.now()
      for (const check of checks) {
        if (queued.has(recordId(check))) continue
        queued.add(recordId(check))
        queue.push(check)
        counts.set(keyOf(check), (counts.get(keyOf(check)) ?? 0) + 1)
      }
      pump()
    },
    active: (tenantId, incidentId) => counts.get(keyOf({ tenantId, incidentId })) ?? 0,
    drained: () =>
      new Promise<void>((resolve) => {
        idle.push(resolve)
        settleIfIdle()
      }),
  }
}

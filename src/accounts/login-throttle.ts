import { and, eq, sql } from 'drizzle-orm'
import type { Database } from '../store/database.js'
import { loginThrottle } from '../store/schema.js'

/**
 * NIST SP 800-63B-4 §3.2.2 throttling. Per account: free attempts, then exponential backoff,
 * and a hard stop at 100 consecutive failures (cleared by a successful login or a reset).
 * Per end-user IP: a larger budget in a sliding window, then backoff, so one address cannot
 * spray passwords across many accounts.
 */
export interface ThrottleRule {
  freeFailures: number
  baseDelayMs: number
  maxDelayMs: number
  /** Failures older than this are forgotten. */
  windowMs: number
  /** At this many consecutive failures, block until cleared (NIST: at most 100). */
  hardLimit: number
}

export const ACCOUNT_RULE: ThrottleRule = {
  freeFailures: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 15 * 60_000,
  windowMs: 24 * 60 * 60_000,
  hardLimit: 100,
}

export const IP_RULE: ThrottleRule = {
  freeFailures: 20,
  baseDelayMs: 1_000,
  maxDelayMs: 60 * 60_000,
  windowMs: 60 * 60_000,
  hardLimit: Number.POSITIVE_INFINITY,
}

/** Effectively "until cleared": far enough that Retry-After tells the client to stop. */
const HARD_BLOCK_MS = 365 * 24 * 60 * 60_000

export function delayAfter(failures: number, rule: ThrottleRule): number {
  if (failures >= rule.hardLimit) return HARD_BLOCK_MS
  if (failures < rule.freeFailures) return 0
  return Math.min(rule.maxDelayMs, rule.baseDelayMs * 2 ** (failures - rule.freeFailures))
}

/** Milliseconds the subject must still wait; 0 when it may try now. */
export async function throttleWait(
  db: Database,
  tenantId: string,
  subject: string,
  now: number,
): Promise<number> {
  const rows = await db
    .select({ blockedUntil: loginThrottle.blockedUntil })
    .from(loginThrottle)
    .where(and(eq(loginThrottle.tenantId, tenantId), eq(loginThrottle.subject, subject)))
    .limit(1)
  return Math.max(0, (rows[0]?.blockedUntil ?? 0) - now)
}

/** Counts a failure (one atomic upsert, forgetting stale ones) and sets the next wait. */
export async function recordFailure(
  db: Database,
  input: { tenantId: string; subject: string; now: number; rule: ThrottleRule },
): Promise<void> {
  const { tenantId, subject, now, rule } = input
  const staleBefore = now - rule.windowMs
  const rows = await db
    .insert(loginThrottle)
    .values({ tenantId, subject, failures: 1, lastFailureAt: now, blockedUntil: 0 })
    .onConflictDoUpdate({
      target: [loginThrottle.tenantId, loginThrottle.subject],
      set: {
        failures: sql`CASE WHEN ${loginThrottle.lastFailureAt} < ${staleBefore} THEN 1 ELSE ${loginThrottle.failures} + 1 END`,
        lastFailureAt: now,
      },
    })
    .returning({ failures: loginThrottle.failures })
  const failures = rows[0]?.failures ?? 1
  const delay = delayAfter(failures, rule)
  if (delay > 0) {
    await db
      .update(loginThrottle)
      .set({ blockedUntil: now + delay })
      .where(and(eq(loginThrottle.tenantId, tenantId), eq(loginThrottle.subject, subject)))
  }
}

/** A successful login (or reset) clears the account's counter. */
export async function clearFailures(db: Database, tenantId: string, subject: string) {
  await db
    .delete(loginThrottle)
    .where(and(eq(loginThrottle.tenantId, tenantId), eq(loginThrottle.subject, subject)))
}

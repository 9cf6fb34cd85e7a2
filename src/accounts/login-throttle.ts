import { and, eq, sql, type SQL } from 'drizzle-orm'
import type { Database } from '../store/database.js'
import { loginThrottle } from '../store/schema.js'

/**
 * NIST SP 800-63B-4 §3.2.2 throttling. Per account: free attempts, then exponential backoff,
 * and a hard stop at 100 consecutive failures (cleared by a successful login or a reset).
 * Per end-user IP: a larger budget in a sliding window, then backoff, so one address cannot
 * spray passwords across many accounts.
 *
 * An attempt is counted *before* the password is verified (a reservation), in the same
 * statement that checks the block: checking and counting in two steps let a burst of
 * concurrent guesses all pass the check before any of them was counted.
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

export interface ThrottleInput {
  tenantId: string
  subject: string
  now: number
  rule: ThrottleRule
}

/** Our own integers only (never request data): inlined so D1's 100-parameter cap is no issue. */
const int = (value: number) => {
  if (!Number.isSafeInteger(value)) throw new Error(`not a safe integer: ${value}`)
  return sql.raw(String(value))
}

/**
 * `delayAfter` as one portable SQL CASE over a count expression (no pow(), no min(): the
 * same text runs on SQLite, D1 and PostgreSQL).
 */
function delaySql(count: SQL, rule: ThrottleRule): SQL {
  const arms: SQL[] = []
  if (Number.isFinite(rule.hardLimit))
    arms.push(sql`WHEN ${count} >= ${int(rule.hardLimit)} THEN ${int(HARD_BLOCK_MS)}`)
  arms.push(sql`WHEN ${count} < ${int(rule.freeFailures)} THEN 0`)
  for (let n = rule.freeFailures; delayAfter(n, rule) < rule.maxDelayMs; n++)
    arms.push(sql`WHEN ${count} = ${int(n)} THEN ${int(delayAfter(n, rule))}`)
  return sql`(CASE ${sql.join(arms, sql` `)} ELSE ${int(rule.maxDelayMs)} END)`
}

const bySubject = (tenantId: string, subject: string) =>
  and(eq(loginThrottle.tenantId, tenantId), eq(loginThrottle.subject, subject))

/**
 * Counts one attempt unless the subject is blocked, and sets the block the new count earns:
 * one `INSERT … ON CONFLICT DO UPDATE … WHERE blocked_until <= now RETURNING`, so concurrent
 * attempts are serialised by the database. Returns 0 when reserved, else the ms still to wait.
 */
export async function reserveAttempt(db: Database, input: ThrottleInput): Promise<number> {
  const { tenantId, subject, now, rule } = input
  const failures = sql`${loginThrottle.failures}`
  const count = sql`(CASE WHEN ${loginThrottle.lastFailureAt} < ${int(now - rule.windowMs)} THEN 1 ELSE ${failures} + 1 END)`
  const reserved = await db
    .insert(loginThrottle)
    .values({ tenantId, subject, failures: 1, lastFailureAt: now, blockedUntil: now })
    .onConflictDoUpdate({
      target: [loginThrottle.tenantId, loginThrottle.subject],
      set: {
        failures: count,
        lastFailureAt: now,
        blockedUntil: sql`${int(now)} + ${delaySql(count, rule)}`,
      },
      setWhere: sql`${loginThrottle.blockedUntil} <= ${int(now)}`,
    })
    .returning({ failures: loginThrottle.failures })
  if (reserved.length === 1) return 0
  const rows = await db
    .select({ blockedUntil: loginThrottle.blockedUntil })
    .from(loginThrottle)
    .where(bySubject(tenantId, subject))
    .limit(1)
  // The block may have ended between the two statements: still refuse this attempt.
  return Math.max(1, (rows[0]?.blockedUntil ?? 0) - now)
}

/**
 * Gives back one reservation that was not a failed guess (a success seen by the per-IP
 * counter, or an attempt another counter refused). The block shrinks to what the remaining
 * count earns; concurrent reservations keep theirs because each counted itself.
 */
export async function releaseAttempt(db: Database, input: ThrottleInput): Promise<void> {
  const { tenantId, subject, now, rule } = input
  const count = sql`(CASE WHEN ${loginThrottle.failures} > 0 THEN ${loginThrottle.failures} - 1 ELSE 0 END)`
  await db
    .update(loginThrottle)
    .set({ failures: count, blockedUntil: sql`${int(now)} + ${delaySql(count, rule)}` })
    .where(bySubject(tenantId, subject))
}

/** A successful login (or reset) clears the account's counter. */
export async function clearFailures(db: Database, tenantId: string, subject: string) {
  await db.delete(loginThrottle).where(bySubject(tenantId, subject))
}

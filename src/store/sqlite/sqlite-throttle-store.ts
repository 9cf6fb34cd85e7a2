import { and, eq, sql, type SQL } from 'drizzle-orm'
import type { Database } from '../database.js'
import type { ReservePlan, ThrottleKey, ThrottleStore } from '../ports/throttle-store.js'
import { loginThrottle } from '../schema.js'

const t = loginThrottle

/** `blocked_until` after `n` counted attempts: 0 while free, then doubling, then the hard stop. */
function blockedUntil(n: SQL, plan: ReservePlan) {
  return sql`CASE
    WHEN ${n} >= ${plan.hardLimit} THEN ${plan.now + plan.hardBlockMs}
    WHEN ${n} < ${plan.freeFailures} THEN 0
    ELSE ${plan.now} + min(${plan.maxDelayMs}, ${plan.baseDelayMs} * (1 << min(${n} - ${plan.freeFailures}, 40)))
  END`
}

const whereKey = (key: ThrottleKey) => and(eq(t.tenantId, key.tenantId), eq(t.subject, key.subject))

/** Login throttling on SQLite (better-sqlite3 and D1): one upsert per attempt. */
export function createSqliteThrottleStore(db: Database): ThrottleStore {
  const waitMs = async (key: ThrottleKey, now: number) => {
    const rows = await db
      .select({ blockedUntil: t.blockedUntil })
      .from(t)
      .where(whereKey(key))
      .limit(1)
    return Math.max(0, (rows[0]?.blockedUntil ?? 0) - now)
  }
  return {
    async reserve(key, plan) {
      // Every SET expression reads the row as it was before this statement (SQL semantics).
      const counted = sql`CASE WHEN ${t.lastFailureAt} < ${plan.staleBefore} THEN 1 ELSE ${t.failures} + 1 END`
      const rows = await db
        .insert(t)
        .values({
          ...key,
          failures: 1,
          lastFailureAt: plan.now,
          blockedUntil: blockedUntil(sql`1`, plan),
        })
        .onConflictDoUpdate({
          target: [t.tenantId, t.subject],
          set: {
            failures: counted,
            lastFailureAt: plan.now,
            blockedUntil: blockedUntil(counted, plan),
          },
          // The whole point: a blocked subject's row is left alone and nothing is returned.
          setWhere: sql`${t.blockedUntil} <= ${plan.now}`,
        })
        .returning({ failures: t.failures })
      const reserved = rows[0]
      if (reserved) return { kind: 'reserved', failures: reserved.failures }
      return { kind: 'blocked', waitMs: Math.max(1, await waitMs(key, plan.now)) }
    },
    async release(key) {
      await db.delete(t).where(whereKey(key))
    },
    waitMs,
  }
}

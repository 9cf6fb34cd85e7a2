import { and, eq, sql, type SQL } from 'drizzle-orm'
import type { PgDatabase } from '../pg-driver-node.js'
import type { ReservePlan, ThrottleKey, ThrottleStore } from '../ports/throttle-store.js'
import { loginThrottle } from '../pg-schema.js'

const t = loginThrottle

/**
 * `blocked_until` after `n` counted attempts. Parameters are cast: PostgreSQL cannot infer a
 * type for a bare placeholder inside CASE, and the doubling must be bigint to not overflow.
 */
function blockedUntil(n: SQL, plan: ReservePlan) {
  return sql`CASE
    WHEN ${n} >= ${plan.hardLimit}::int THEN ${plan.now + plan.hardBlockMs}::bigint
    WHEN ${n} < ${plan.freeFailures}::int THEN 0::bigint
    ELSE ${plan.now}::bigint + least(${plan.maxDelayMs}::bigint,
      ${plan.baseDelayMs}::bigint * (1::bigint << least(${n} - ${plan.freeFailures}::int, 40)))
  END`
}

const whereKey = (key: ThrottleKey) => and(eq(t.tenantId, key.tenantId), eq(t.subject, key.subject))

/**
 * Login throttling on PostgreSQL. `INSERT … ON CONFLICT DO UPDATE … WHERE` locks the row and
 * evaluates the condition on its newest version, so concurrent reservations from any number of
 * instances serialise on the row: each sees the count the previous one wrote.
 */
export function createPgThrottleStore(db: PgDatabase): ThrottleStore {
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
      const counted = sql`(CASE WHEN ${t.lastFailureAt} < ${plan.staleBefore}::bigint THEN 1 ELSE ${t.failures} + 1 END)`
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
          setWhere: sql`${t.blockedUntil} <= ${plan.now}::bigint`,
        })
        .returning({ failures: t.failures })
      const reserved = rows[0]
      if (reserved) return { kind: 'reserved', failures: reserved.failures }
      return { kind: 'blocked', waitMs: Math.max(1, await waitMs(key, plan.now)) }
    },
    async release(key) {
      await db.delete(t).where(whereKey(key))
    },
    async giveBack(key, plan) {
      const remaining = sql`greatest(${t.failures} - 1, 0)`
      await db
        .update(t)
        .set({ failures: remaining, blockedUntil: blockedUntil(remaining, plan) })
        .where(whereKey(key))
    },
    waitMs,
  }
}

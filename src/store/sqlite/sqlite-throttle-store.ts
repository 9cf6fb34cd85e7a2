import { and, eq, sql, type SQL } from 'drizzle-orm'
import type { Database } from '../database.js'
import type { ReservePlan, ThrottleKey, ThrottleStore } from '../ports/throttle-store.js'
import { loginThrottle } from '../schema.js'

const t = loginThrottle
const p = (name: keyof ReservePlan | keyof ThrottleKey | 'hardBlockUntil') => sql.placeholder(name)

/** `blocked_until` after `n` counted attempts: 0 while free, then doubling, then the hard stop. */
function blockedUntil(n: SQL) {
  return sql`CASE
    WHEN ${n} >= ${p('hardLimit')} THEN ${p('hardBlockUntil')}
    WHEN ${n} < ${p('freeFailures')} THEN 0
    ELSE ${p('now')} + min(${p('maxDelayMs')}, ${p('baseDelayMs')} * (1 << min(${n} - ${p('freeFailures')}, 40)))
  END`
}

const whereKey = and(eq(t.tenantId, p('tenantId')), eq(t.subject, p('subject')))
// Every SET expression reads the row as it was before this statement (SQL semantics).
const counted = sql`CASE WHEN ${t.lastFailureAt} < ${p('staleBefore')} THEN 1 ELSE ${t.failures} + 1 END`
const remaining = sql`max(${t.failures} - 1, 0)`

/**
 * Login throttling on SQLite (better-sqlite3 and D1): one upsert per attempt. The statements
 * are prepared once per database with every value a placeholder, so a login builds no SQL.
 */
export function createSqliteThrottleStore(db: Database): ThrottleStore {
  const reserve = db
    .insert(t)
    .values({
      tenantId: sql`${p('tenantId')}`,
      subject: sql`${p('subject')}`,
      failures: 1,
      lastFailureAt: sql`${p('now')}`,
      blockedUntil: blockedUntil(sql`1`),
    })
    .onConflictDoUpdate({
      target: [t.tenantId, t.subject],
      set: {
        failures: counted,
        lastFailureAt: sql`${p('now')}`,
        blockedUntil: blockedUntil(counted),
      },
      // The whole point: a blocked subject's row is left alone and nothing is returned.
      setWhere: sql`${t.blockedUntil} <= ${p('now')}`,
    })
    .returning({ failures: t.failures })
    .prepare()
  const wait = db
    .select({ blockedUntil: t.blockedUntil })
    .from(t)
    .where(whereKey)
    .limit(1)
    .prepare()
  const release = db.delete(t).where(whereKey).prepare()
  const giveBack = db
    .update(t)
    .set({ failures: remaining, blockedUntil: blockedUntil(remaining) })
    .where(whereKey)
    .prepare()
  const values = (key: ThrottleKey, plan: ReservePlan) => ({
    ...key,
    ...plan,
    hardBlockUntil: plan.now + plan.hardBlockMs,
  })
  const waitMs = async (key: ThrottleKey, now: number) => {
    const rows = await wait.all({ ...key })
    return Math.max(0, (rows[0]?.blockedUntil ?? 0) - now)
  }
  return {
    async reserve(key, plan) {
      const reserved = (await reserve.all(values(key, plan)))[0]
      if (reserved) return { kind: 'reserved', failures: reserved.failures }
      return { kind: 'blocked', waitMs: Math.max(1, await waitMs(key, plan.now)) }
    },
    async release(key) {
      await release.run({ ...key })
    },
    async giveBack(key, plan) {
      await giveBack.run(values(key, plan))
    },
    waitMs,
  }
}

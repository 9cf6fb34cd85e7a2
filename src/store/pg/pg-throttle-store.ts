import { and, eq, sql, type SQL } from 'drizzle-orm'
import type { PgDatabase } from '../pg-driver-node.js'
import type { ReservePlan, ThrottleKey, ThrottleStore } from '../ports/throttle-store.js'
import { loginThrottle } from '../pg-schema.js'

const t = loginThrottle
const p = (name: string) => sql.placeholder(name)

/**
 * `blocked_until` after `n` counted attempts, from the plan's placeholders. Parameters are
 * cast: PostgreSQL cannot infer a type for a bare placeholder inside CASE, and the doubling
 * must be bigint to not overflow.
 */
function blockedUntil(n: SQL) {
  return sql`CASE
    WHEN ${n} >= ${p('hardLimit')}::int THEN ${p('hardUntil')}::bigint
    WHEN ${n} < ${p('freeFailures')}::int THEN 0::bigint
    ELSE ${p('now')}::bigint + least(${p('maxDelayMs')}::bigint,
      ${p('baseDelayMs')}::bigint * (1::bigint << least(${n} - ${p('freeFailures')}::int, 40)))
  END`
}

const whereKey = and(eq(t.tenantId, p('tenantId')), eq(t.subject, p('subject')))
const keyValues = (key: ThrottleKey) => ({ tenantId: key.tenantId, subject: key.subject })
const planValues = (plan: ReservePlan) => ({
  now: plan.now,
  hardUntil: plan.now + plan.hardBlockMs,
  hardLimit: plan.hardLimit,
  freeFailures: plan.freeFailures,
  maxDelayMs: plan.maxDelayMs,
  baseDelayMs: plan.baseDelayMs,
})

/**
 * Every login runs these (two reservations, a release, a give-back): built once per database
 * handle and named, so neither drizzle nor PostgreSQL builds or plans them per call.
 */
function statements(db: PgDatabase) {
  const counted = sql`(CASE WHEN ${t.lastFailureAt} < ${p('staleBefore')}::bigint THEN 1 ELSE ${t.failures} + 1 END)`
  const remaining = sql`greatest(${t.failures} - 1, 0)`
  return {
    reserve: db
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
        setWhere: sql`${t.blockedUntil} <= ${p('now')}::bigint`,
      })
      .returning({ failures: t.failures })
      .prepare('pwg_throttle_reserve'),
    blockedUntil: db
      .select({ blockedUntil: t.blockedUntil })
      .from(t)
      .where(whereKey)
      .limit(1)
      .prepare('pwg_throttle_blocked_until'),
    release: db.delete(t).where(whereKey).prepare('pwg_throttle_release'),
    giveBack: db
      .update(t)
      .set({ failures: remaining, blockedUntil: blockedUntil(remaining) })
      .where(whereKey)
      .prepare('pwg_throttle_give_back'),
  }
}

/**
 * Login throttling on PostgreSQL. `INSERT … ON CONFLICT DO UPDATE … WHERE` locks the row and
 * evaluates the condition on its newest version, so concurrent reservations from any number of
 * instances serialise on the row: each sees the count the previous one wrote.
 */
export function createPgThrottleStore(db: PgDatabase): ThrottleStore {
  const prepared = statements(db)
  const waitMs = async (key: ThrottleKey, now: number) => {
    const rows = await prepared.blockedUntil.execute(keyValues(key))
    return Math.max(0, (rows[0]?.blockedUntil ?? 0) - now)
  }
  return {
    async reserve(key, plan) {
      const rows = await prepared.reserve.execute({
        ...keyValues(key),
        ...planValues(plan),
        staleBefore: plan.staleBefore,
      })
      const reserved = rows[0]
      if (reserved) return { kind: 'reserved', failures: reserved.failures }
      return { kind: 'blocked', waitMs: Math.max(1, await waitMs(key, plan.now)) }
    },
    async release(key) {
      await prepared.release.execute(keyValues(key))
    },
    async giveBack(key, plan) {
      await prepared.giveBack.execute({ ...keyValues(key), ...planValues(plan) })
    },
    waitMs,
  }
}

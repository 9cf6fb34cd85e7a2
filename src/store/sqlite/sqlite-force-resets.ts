import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { KeyedHash } from '../../crypto/keyed-hash.js'
import { countNewResets } from './sqlite-counter-deltas.js'
import { incidentReasonPattern } from '../../incidents/reset-reasons.js'
import type { StoreDriver } from '../database.js'
import type { ForcedResets } from '../ports/reset-store.js'
import { accounts, resetTokens } from '../schema.js'
import { sqliteWriteAudited } from './sqlite-audited-write.js'
import { sqliteOutboxEventInsert } from './sqlite-outbox-event.js'

const t = resetTokens
/** Field `index` of each row of a JSON array of arrays (inlined: a bound index is a REAL). */
const listOf = (json: string, index: 0 | 1) =>
  sql`(SELECT value ->> ${sql.raw(String(index))} FROM json_each(${json}))`

/**
 * A forced reset in one batch (one transaction on SQLite, one implicit transaction on D1).
 * The token insert comes first and skips an account holding a live token of the reason
 * (`oncePerReason`); the flag, the events and the audit entry are keyed to the tokens that
 * landed, so a racing reset whose tokens were refused writes nothing else. The counter delta
 * runs before the tokens: batches are serialised, so a racer's tokens are already visible.
 * The audit entry counts the accounts read as unheld before the batch: exact unless a racer
 * took some but not all of them in between (two different sets of one reason at once).
 */
export async function sqliteForceResets(
  driver: StoreDriver,
  auditKey: KeyedHash,
  input: ForcedResets,
): Promise<string[]> {
  const { db } = driver
  const { tenantId, reason, now } = input
  const live = and(
    eq(t.tenantId, tenantId),
    eq(t.reason, reason),
    isNull(t.usedAt),
    gt(t.expiresAt, now),
  )
  let rows = input.tokens
  if (input.oncePerReason && rows.length > 0) {
    const ids = JSON.stringify(rows.map((row) => row.externalId))
    const held = await db
      .select({ id: t.externalId })
      .from(t)
      .where(and(live, sql`${t.externalId} IN (SELECT value FROM json_each(${ids}))`))
    const holders = new Set(held.map((row) => row.id))
    rows = rows.filter((row) => !holders.has(row.externalId))
  }
  if (rows.length === 0) return []
  const json = JSON.stringify(
    rows.map((r) => [r.tokenHash, r.externalId, r.createdAt, r.expiresAt]),
  )
  const ours = sql`${t.tokenHash} IN ${listOf(json, 0)}`
  const statements: BatchItem<'sqlite'>[] = []
  if (input.incidentId) {
    const scope = { tenantId, incidentId: input.incidentId }
    const ids = rows.map((row) => row.externalId)
    statements.push(countNewResets(db, scope, ids, incidentReasonPattern(input.incidentId)))
  }
  const skipHeld = input.oncePerReason
    ? sql`WHERE NOT EXISTS (SELECT 1 FROM ${t} WHERE ${live} AND ${t.externalId} = x.value ->> 1)`
    : sql``
  statements.push(
    db.insert(t).select(
      sql`SELECT x.value ->> 0, ${tenantId}, x.value ->> 1, ${reason}, x.value ->> 2,
          x.value ->> 3, NULL FROM json_each(${json}) x ${skipHeld}`,
    ) as unknown as BatchItem<'sqlite'>,
    db
      .update(accounts)
      .set({
        mustReset: true,
        updatedAt: now,
        resetReasons: sql`(SELECT json_group_array(value) FROM (SELECT value FROM json_each(${accounts.resetReasons}) UNION SELECT ${reason}))`,
      })
      .where(
        and(
          eq(accounts.tenantId, tenantId),
          sql`${accounts.externalId} IN (SELECT ${t.externalId} FROM ${t} WHERE ${ours})`,
        ),
      ),
  )
  for (const row of rows) {
    const landed = sql`EXISTS (SELECT 1 FROM ${t} WHERE ${t.tokenHash} = ${row.tokenHash})`
    statements.push(sqliteOutboxEventInsert(db, input.event(row.externalId), landed))
  }
  await sqliteWriteAudited(driver, auditKey, input.audit(rows.length), {
    before: statements,
    onlyIf: sql`EXISTS (SELECT 1 FROM ${t} WHERE ${ours})`,
  })
  const stored = await db.select({ id: t.externalId }).from(t).where(ours)
  const issued = new Set(stored.map((row) => row.id))
  return rows.filter((row) => issued.has(row.externalId)).map((row) => row.externalId)
}

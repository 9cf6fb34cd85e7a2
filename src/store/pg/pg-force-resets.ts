import { and, asc, eq, gt, inArray, isNull, like, sql } from 'drizzle-orm'
import type { KeyedHash } from '../../crypto/keyed-hash.js'
import { incidentReasonPattern } from '../../incidents/reset-reasons.js'
import type { PgDatabase } from '../pg-driver-node.js'
import type { ForcedResets } from '../ports/reset-store.js'
import {
  accounts,
  incidentCounters,
  resetTokens as t,
  webhookOutbox,
  webhooks,
} from '../pg-schema.js'
import { pgWriteAudited, type PgTx } from './pg-audited-write.js'

const MAX_ATTEMPTS = 8

/** The read the audit entry was built on no longer holds: run the whole write again. */
class StaleHolders extends Error {}

/**
 * A forced reset in one transaction. The accounts' rows are locked first (in key order), so a
 * racing reset of the same accounts waits, then sees the committed tokens: an account already
 * holding a live token of the reason is skipped (`oncePerReason`), and the incident counter
 * counts only accounts it never reset before. The audit entry counts the accounts reset, read
 * before the transaction; if the locked re-read differs, the transaction rolls back and runs
 * again on the new state.
 */
export async function pgForceResets(
  db: PgDatabase,
  auditKey: KeyedHash,
  input: ForcedResets,
): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    const rows = await toIssue(db, input)
    if (rows.length === 0) return []
    try {
      const written = await pgWriteAudited(db, auditKey, input.audit(rows.length), async (tx) => {
        const ids = input.tokens.map((row) => row.externalId).sort()
        await tx
          .select({ id: accounts.externalId })
          .from(accounts)
          .where(and(eq(accounts.tenantId, input.tenantId), inArray(accounts.externalId, ids)))
          .orderBy(asc(accounts.externalId))
          .for('update')
        const now = await toIssue(tx, input)
        if (now.length !== rows.length) throw new StaleHolders()
        await writeResets(tx, input, rows)
        return rows.map((row) => row.externalId)
      })
      return written?.result ?? []
    } catch (error) {
      if (!(error instanceof StaleHolders) || attempt >= MAX_ATTEMPTS) throw error
    }
  }
}

/** The tokens to store: all, or those of accounts without a live token of the reason. */
async function toIssue(db: PgDatabase | PgTx, input: ForcedResets) {
  if (!input.oncePerReason || input.tokens.length === 0) return [...input.tokens]
  const held = await db
    .select({ id: t.externalId })
    .from(t)
    .where(
      and(
        eq(t.tenantId, input.tenantId),
        eq(t.reason, input.reason),
        isNull(t.usedAt),
        gt(t.expiresAt, input.now),
        inArray(
          t.externalId,
          input.tokens.map((row) => row.externalId),
        ),
      ),
    )
  const holders = new Set(held.map((row) => row.id))
  return input.tokens.filter((row) => !holders.has(row.externalId))
}

async function writeResets(tx: PgTx, input: ForcedResets, rows: ForcedResets['tokens']) {
  const { tenantId, reason, now } = input
  const ids = rows.map((row) => row.externalId)
  if (input.incidentId) {
    // Before the tokens: the accounts this incident never forced a reset on.
    const before = await tx
      .selectDistinct({ id: t.externalId })
      .from(t)
      .where(
        and(
          eq(t.tenantId, tenantId),
          inArray(t.externalId, ids),
          like(t.reason, incidentReasonPattern(input.incidentId)),
        ),
      )
    await tx
      .update(incidentCounters)
      .set({ resetsForced: sql`${incidentCounters.resetsForced} + ${ids.length - before.length}` })
      .where(
        and(
          eq(incidentCounters.tenantId, tenantId),
          eq(incidentCounters.incidentId, input.incidentId),
        ),
      )
  }
  await tx.insert(t).values([...rows])
  await tx
    .update(accounts)
    .set({
      mustReset: true,
      updatedAt: now,
      resetReasons: sql`(SELECT coalesce(json_agg(r.v ORDER BY r.v), '[]'::json)::text FROM (SELECT jsonb_array_elements_text(${accounts.resetReasons}::jsonb) AS v UNION SELECT ${reason}::text) r)`,
    })
    .where(and(eq(accounts.tenantId, tenantId), inArray(accounts.externalId, ids)))
  const [endpoint] = await tx
    .select({ id: webhooks.tenantId })
    .from(webhooks)
    .where(eq(webhooks.tenantId, tenantId))
  // Queued only when the tenant has a webhook (no endpoint, no event to keep).
  if (!endpoint) return
  const events = ids.map((id) => input.event(id))
  await tx
    .insert(webhookOutbox)
    .values(
      events.map((e) => ({
        ...{ id: e.id, tenantId: e.tenantId, type: e.type, payload: e.payload },
        ...{ createdAt: e.now, nextAttemptAt: e.now, incidentId: e.incidentId },
      })),
    )
    .onConflictDoNothing()
}

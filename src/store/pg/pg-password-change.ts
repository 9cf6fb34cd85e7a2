import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import type { KeyedHash } from '../../crypto/keyed-hash.js'
import { buildWebhookEvent } from '../../webhooks/webhook-events.js'
import type { PgDatabase } from '../pg-driver-node.js'
import type { PasswordChange } from '../ports/account-store.js'
import type { AuditedEntry } from '../ports/audited-write.js'
import { accounts, resetTokens, webhookOutbox, webhooks } from '../pg-schema.js'
import { pgWriteAudited, type PgTx } from './pg-audited-write.js'

/**
 * A password change in one transaction. Each authorisation is a conditional UPDATE on the row
 * it is about, so concurrent changes serialise on that row's lock and the loser re-checks the
 * committed version and matches nothing (a subquery on another table would be judged on the
 * statement's old snapshot, and two requests could spend one token):
 * - by reset token: spend that token first (`used_at IS NULL` on the token row);
 * - by current password: compare-and-swap on the hash, only while no reset is required.
 */
export async function pgChangePassword(
  db: PgDatabase,
  auditKey: KeyedHash,
  input: PasswordChange,
  audit: AuditedEntry,
): Promise<boolean> {
  const written = await pgWriteAudited(db, auditKey, audit, async (tx) => {
    if ('resetTokenHash' in input.authorisedBy) {
      const spent = await tx
        .update(resetTokens)
        .set({ usedAt: input.now })
        .where(
          and(
            eq(resetTokens.tokenHash, input.authorisedBy.resetTokenHash),
            eq(resetTokens.tenantId, input.tenantId),
            eq(resetTokens.externalId, input.externalId),
            isNull(resetTokens.usedAt),
            gt(resetTokens.expiresAt, input.now),
          ),
        )
        .returning({ tokenHash: resetTokens.tokenHash })
      if (spent.length === 0) return null
    }
    const current = 'currentHash' in input.authorisedBy ? input.authorisedBy.currentHash : null
    const set = await tx
      .update(accounts)
      .set({
        passwordHash: input.newHash,
        scheme: 'argon2id',
        updatedAt: input.now,
        passwordChangedAt: input.now,
        mustReset: false,
        resetReasons: '[]',
      })
      .where(
        and(
          eq(accounts.tenantId, input.tenantId),
          eq(accounts.externalId, input.externalId),
          ...(current === null
            ? []
            : [
                eq(accounts.passwordHash, current),
                eq(accounts.mustReset, false),
                eq(accounts.resetReasons, '[]'),
              ]),
        ),
      )
      .returning({ externalId: accounts.externalId })
    // Returning null rolls back the spent token too: nothing of a lost change is kept.
    if (set.length === 0) throw new LostChange()
    await revokeTokensAndQueueEvent(tx, input)
    return true
  }).catch((error: unknown) => {
    if (error instanceof LostChange) return null
    throw error
  })
  return written !== null
}

/** Thrown inside the transaction to roll back a token spent for an account that did not change. */
class LostChange extends Error {}

async function revokeTokensAndQueueEvent(tx: PgTx, input: PasswordChange) {
  // Every outstanding token dies with the change: one issued before it must not work after.
  await tx
    .update(resetTokens)
    .set({ usedAt: input.now })
    .where(
      and(
        eq(resetTokens.tenantId, input.tenantId),
        eq(resetTokens.externalId, input.externalId),
        isNull(resetTokens.usedAt),
      ),
    )
  const event = buildWebhookEvent({
    id: input.event.id,
    tenantId: input.tenantId,
    type: 'account.password_changed',
    data: { externalId: input.externalId, via: input.event.via },
    now: input.now,
  })
  // Queued only when the tenant has a webhook at this moment (no endpoint, no event to keep).
  await tx
    .insert(webhookOutbox)
    .select(
      sql`select ${event.id}::text, ${input.tenantId}::text, ${event.type}::text, ${JSON.stringify(event)}::text,
        ${input.now}::bigint, 0, ${input.now}::bigint, null::bigint, null::text, null::bigint,
        null::text
        where exists (select 1 from ${webhooks} where ${webhooks.tenantId} = ${input.tenantId})`,
    )
    .onConflictDoNothing()
}

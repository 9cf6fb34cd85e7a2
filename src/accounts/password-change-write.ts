import { and, eq, isNull, sql } from 'drizzle-orm'
import { writeAudited, type AuditAppendInput, type AuditDeps } from '../audit/append-audit.js'
import { accounts, resetTokens } from '../store/schema.js'
import { passwordChangedEvent } from '../webhooks/password-changed-event.js'
import { liveTokenCondition } from './reset-tokens.js'

export interface PasswordChangeWrite {
  tenantId: string
  externalId: string
  newHash: string
  now: number
  /** What authorises the write, checked inside it (no window between check and write). */
  authorisedBy: { resetTokenHash: string } | { currentHash: string }
  via: 'current_password' | 'reset_token'
  /** The `account.password_changed` entry; written only if the change lands. */
  audit: AuditAppendInput
}

/**
 * Sets a new password, revokes every outstanding reset token of the account, and writes the
 * audit entry and the `account.password_changed` webhook event, in one batch (one transaction
 * on SQLite, one implicit transaction on D1): a token is never spent without the password being
 * set, nor the password set with the token left usable, nor either without its entry and event;
 * and a token issued before any password change is dead after it.
 *
 * - By reset token: the UPDATE matches only while that token is live, and clears mustReset
 *   and its reasons (only this path does).
 * - By current password: a compare-and-swap on the hash just verified, and only while no
 *   reset reason is set, so a reset forced meanwhile is never cleared by the old password.
 *
 * Everything after the UPDATE is guarded by "the account now holds the new hash" (a fresh salt,
 * so unique): a lost compare-and-swap writes nothing at all. Returns whether this write landed.
 */
export async function writePasswordChange(
  deps: AuditDeps,
  input: PasswordChangeWrite,
): Promise<boolean> {
  const { db } = deps.driver
  const account = and(
    eq(accounts.tenantId, input.tenantId),
    eq(accounts.externalId, input.externalId),
  )
  const authorised =
    'resetTokenHash' in input.authorisedBy
      ? liveTokenCondition({ ...input, tokenHash: input.authorisedBy.resetTokenHash })
      : and(
          eq(accounts.passwordHash, input.authorisedBy.currentHash),
          eq(accounts.mustReset, false),
          eq(accounts.resetReasons, '[]'),
        )
  const setPassword = db
    .update(accounts)
    .set({
      passwordHash: input.newHash,
      scheme: 'argon2id',
      updatedAt: input.now,
      passwordChangedAt: input.now,
      mustReset: false,
      resetReasons: '[]',
    })
    .where(and(account, authorised))
  // Evaluated after the UPDATE in the same transaction: true only if that UPDATE set our hash.
  const landed = sql`EXISTS (SELECT 1 FROM ${accounts} WHERE ${and(account, eq(accounts.passwordHash, input.newHash))})`
  const revokeTokens = db
    .update(resetTokens)
    .set({ usedAt: input.now })
    .where(
      and(
        eq(resetTokens.tenantId, input.tenantId),
        eq(resetTokens.externalId, input.externalId),
        isNull(resetTokens.usedAt),
        landed,
      ),
    )
  const event = passwordChangedEvent(db, { ...input, onlyIf: landed })
  // A failed audit insert (or one that lost its seq) rolls the password change back with it.
  const logged = await writeAudited(deps, input.audit, {
    before: [setPassword, revokeTokens, event],
    onlyIf: landed,
  })
  return logged !== null
}

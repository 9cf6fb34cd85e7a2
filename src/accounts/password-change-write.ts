import { and, eq, isNull, sql } from 'drizzle-orm'
import type { StoreDriver } from '../store/database.js'
import { accounts, resetTokens } from '../store/schema.js'
import { liveTokenCondition } from './reset-tokens.js'

export interface PasswordChangeWrite {
  tenantId: string
  externalId: string
  newHash: string
  now: number
  /** What authorises the write, checked inside it (no window between check and write). */
  authorisedBy: { resetTokenHash: string } | { currentHash: string }
}

/**
 * Sets a new password and revokes every outstanding reset token of the account, in one batch
 * (one transaction on SQLite, one implicit transaction on D1): a token is never spent without
 * the password being set, nor the password set with the token left usable, and a token issued
 * before any password change is dead after it.
 *
 * - By reset token: the UPDATE matches only while that token is live, and clears mustReset
 *   and its reasons (only this path does).
 * - By current password: a compare-and-swap on the hash just verified, and only while no
 *   reset reason is set, so a reset forced meanwhile is never cleared by the old password.
 *
 * Returns whether this write landed: the new hash (a fresh salt, so unique) is in place.
 */
export async function writePasswordChange(
  driver: StoreDriver,
  input: PasswordChangeWrite,
): Promise<boolean> {
  const { db } = driver
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
  // Runs after the UPDATE in the same transaction; only if that UPDATE set our hash.
  const revokeTokens = db
    .update(resetTokens)
    .set({ usedAt: input.now })
    .where(
      and(
        eq(resetTokens.tenantId, input.tenantId),
        eq(resetTokens.externalId, input.externalId),
        isNull(resetTokens.usedAt),
        sql`EXISTS (SELECT 1 FROM ${accounts} WHERE ${and(account, eq(accounts.passwordHash, input.newHash))})`,
      ),
    )
  await driver.batch([setPassword, revokeTokens])
  const rows = await db
    .select({ hash: accounts.passwordHash })
    .from(accounts)
    .where(account)
    .limit(1)
  return rows[0]?.hash === input.newHash
}

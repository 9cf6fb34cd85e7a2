import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import type { KeyedHash } from '../../crypto/keyed-hash.js'
import { outboxInsert } from './sqlite-outbox-insert.js'
import type { StoreDriver } from '../database.js'
import type { AccountKey, PasswordChange } from '../ports/account-store.js'
import type { AuditedEntry } from '../ports/audited-write.js'
import { accounts, resetTokens } from '../schema.js'
import { sqliteWriteAudited } from './sqlite-audited-write.js'

/** The token is unused, unexpired and this account's (a condition for a read or a write). */
export function sqliteLiveToken(input: AccountKey & { tokenHash: string; now: number }) {
  return sql`EXISTS (SELECT 1 FROM ${resetTokens} WHERE ${and(
    eq(resetTokens.tokenHash, input.tokenHash),
    eq(resetTokens.tenantId, input.tenantId),
    eq(resetTokens.externalId, input.externalId),
    isNull(resetTokens.usedAt),
    gt(resetTokens.expiresAt, input.now),
  )})`
}

/**
 * A password change in one batch (one transaction on SQLite, one implicit transaction on D1):
 * the UPDATE matches only while the authorisation holds, and everything after it is guarded by
 * "the account now holds the new hash" (a fresh salt, so unique): a lost compare-and-swap or a
 * spent token writes nothing at all, audit entry and outbox event included.
 */
export async function sqliteChangePassword(
  driver: StoreDriver,
  auditKey: KeyedHash,
  input: PasswordChange,
  audit: AuditedEntry,
): Promise<boolean> {
  const { db } = driver
  const account = and(
    eq(accounts.tenantId, input.tenantId),
    eq(accounts.externalId, input.externalId),
  )
  const authorised =
    'resetTokenHash' in input.authorisedBy
      ? sqliteLiveToken({ ...input, tokenHash: input.authorisedBy.resetTokenHash })
      : // A reset forced meanwhile is never cleared by the old password.
        and(
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
  // Every outstanding token dies with the change: one issued before it must not work after.
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
  const event = outboxInsert(db, {
    id: input.event.id,
    tenantId: input.tenantId,
    type: 'account.password_changed',
    data: { externalId: input.externalId, via: input.event.via },
    now: input.now,
    onlyIf: landed,
  }).statement
  await sqliteWriteAudited(driver, auditKey, audit, {
    before: [setPassword, revokeTokens, event],
    onlyIf: landed,
  })
  // Judged by the hash, not by the returned link: a concurrent change with an identical audit
  // entry (same actor, instant and details) links the same seq and hash, so a lost write would
  // find "its" entry. The new hash is unique (fresh salt) and the batch all or nothing.
  const [held] = await db
    .select({ hash: accounts.passwordHash })
    .from(accounts)
    .where(and(account, eq(accounts.passwordHash, input.newHash)))
  return held !== undefined
}

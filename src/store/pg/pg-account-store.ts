import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm'
import type { KeyedHash } from '../../crypto/keyed-hash.js'
import type { PgDatabase } from '../pg-driver-node.js'
import type { AccountKey, AccountStore, HashSwap } from '../ports/account-store.js'
import { accountExposures, accounts, resetTokens } from '../pg-schema.js'
import { pgImportBatch, pgImportState } from './pg-account-import.js'
import { pgLoginStatements } from './pg-login-statements.js'
import { pgChangePassword } from './pg-password-change.js'

const CHUNK = 1_000

const keyValues = (key: AccountKey) => ({ tenantId: key.tenantId, externalId: key.externalId })

const byKey = (key: AccountKey) =>
  and(eq(accounts.tenantId, key.tenantId), eq(accounts.externalId, key.externalId))

/**
 * Compare-and-swap of the hash. The row lock makes a concurrent swap wait, then re-check
 * `password_hash` on the row it committed (READ COMMITTED re-evaluation): exactly one of two
 * swaps from one hash lands.
 */
export async function pgCompareAndSwapHash(db: PgDatabase, input: HashSwap): Promise<boolean> {
  const { swapHash, swapHashChanged } = pgLoginStatements(db)
  const rows = await (input.passwordChanged ? swapHashChanged : swapHash).execute({
    tenantId: input.tenantId,
    externalId: input.externalId,
    expectedHash: input.expectedHash,
    newHash: input.newHash,
    scheme: input.scheme,
    now: input.now,
  })
  return rows.length === 1
}

/** Accounts on PostgreSQL: the same single statements as the SQLite adapter. */
export function createPgAccountStore(db: PgDatabase, auditKey: KeyedHash): AccountStore {
  const statements = pgLoginStatements(db)
  return {
    async find(key) {
      const rows = await statements.account.execute(keyValues(key))
      return rows[0] ?? null
    },
    async findByEmailIndex(tenantId, candidates) {
      if (candidates.length === 0) return null
      const rows = await db
        .select()
        .from(accounts)
        .where(and(eq(accounts.tenantId, tenantId), inArray(accounts.emailIndex, [...candidates])))
      return candidates.map((c) => rows.find((row) => row.emailIndex === c)).find(Boolean) ?? null
    },
    async emailHolders(tenantId, indexes) {
      const all = [...new Set(indexes)]
      const holders = new Map<string, string>()
      for (let start = 0; start < all.length; start += CHUNK) {
        const rows = await db
          .select({ externalId: accounts.externalId, emailIndex: accounts.emailIndex })
          .from(accounts)
          .where(
            and(
              eq(accounts.tenantId, tenantId),
              inArray(accounts.emailIndex, all.slice(start, start + CHUNK)),
            ),
          )
        for (const row of rows) if (row.emailIndex) holders.set(row.emailIndex, row.externalId)
      }
      return holders
    },
    async reindexEmail(input) {
      await db
        .update(accounts)
        .set({ emailIndex: input.to })
        .where(and(byKey(input), eq(accounts.emailIndex, input.from)))
    },
    async insert(row) {
      const inserted = await db
        .insert(accounts)
        .values(row)
        .onConflictDoNothing()
        .returning({ id: accounts.externalId })
      return inserted.length === 1
    },
    compareAndSwapHash: (input) => pgCompareAndSwapHash(db, input),
    async recordLogin(key, now) {
      await statements.recordLogin.execute({ ...keyValues(key), now })
    },
    async flagForReset(input) {
      await db
        .update(accounts)
        .set({
          mustReset: true,
          updatedAt: input.now,
          resetReasons: sql`(SELECT coalesce(json_agg(r.v ORDER BY r.v), '[]'::json)::text FROM (SELECT jsonb_array_elements_text(${accounts.resetReasons}::jsonb) AS v UNION SELECT ${input.reason}::text) r)`,
        })
        .where(byKey(input))
    },
    async insertResetToken(row) {
      await db.insert(resetTokens).values(row)
    },
    async isLiveResetToken(input) {
      const rows = await db
        .select({ tokenHash: resetTokens.tokenHash })
        .from(resetTokens)
        .where(
          and(
            eq(resetTokens.tokenHash, input.tokenHash),
            eq(resetTokens.tenantId, input.tenantId),
            eq(resetTokens.externalId, input.externalId),
            isNull(resetTokens.usedAt),
            gt(resetTokens.expiresAt, input.now),
          ),
        )
        .limit(1)
      return rows.length === 1
    },
    changePassword: (input, audit) => pgChangePassword(db, auditKey, input, audit),
    async listExposures(key) {
      return db
        .select({
          incidentId: accountExposures.incidentId,
          passwordMatch: accountExposures.passwordMatch,
        })
        .from(accountExposures)
        .where(
          and(
            eq(accountExposures.tenantId, key.tenantId),
            eq(accountExposures.externalId, key.externalId),
          ),
        )
        .orderBy(accountExposures.createdAt)
    },
    importState: (tenantId, externalIds) => pgImportState(db, tenantId, externalIds),
    importBatch: pgImportBatch(db, auditKey),
  }
}

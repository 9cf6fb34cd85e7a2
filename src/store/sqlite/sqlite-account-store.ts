import { and, eq, inArray, sql } from 'drizzle-orm'
import type { KeyedHash } from '../../crypto/keyed-hash.js'
import type { Database, StoreDriver } from '../database.js'
import type { AccountKey, AccountRow, AccountStore } from '../ports/account-store.js'
import { accountExposures, accounts, resetTokens } from '../schema.js'
import { sqliteImportBatch, sqliteImportState } from './sqlite-account-import.js'
import { prepareAccountStatements } from './sqlite-account-statements.js'
import { sqliteChangePassword, sqliteLiveToken } from './sqlite-password-change.js'

/** D1 binds at most 100 parameters per statement. */
const CHUNK = 90

/** Which externalId holds each of these e-mail indexes (chunked under D1's parameter cap). */
export async function sqliteEmailHolders(
  db: Database,
  tenantId: string,
  indexes: readonly string[],
): Promise<Map<string, string>> {
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
}

const byKey = (key: AccountKey) =>
  and(eq(accounts.tenantId, key.tenantId), eq(accounts.externalId, key.externalId))

/** One account by key, unprepared (for callers holding a bare `db`, not the port). */
export async function sqliteFindAccount(db: Database, key: AccountKey): Promise<AccountRow | null> {
  return (await db.select().from(accounts).where(byKey(key)).limit(1))[0] ?? null
}

/** The account holding any of these e-mail indexes, earlier candidates first (unprepared). */
export async function sqliteFindByEmailIndex(
  db: Database,
  tenantId: string,
  candidates: readonly string[],
): Promise<AccountRow | null> {
  if (candidates.length === 0) return null
  const rows = await db
    .select()
    .from(accounts)
    .where(and(eq(accounts.tenantId, tenantId), inArray(accounts.emailIndex, [...candidates])))
  return candidates.map((c) => rows.find((row) => row.emailIndex === c)).find(Boolean) ?? null
}

/** Sets mustReset and adds the reason, kept unique, in one statement. */
export async function sqliteFlagForReset(
  db: Database,
  input: AccountKey & { reason: string; now: number },
): Promise<void> {
  await db
    .update(accounts)
    .set({
      mustReset: true,
      updatedAt: input.now,
      resetReasons: sql`(SELECT json_group_array(value) FROM (SELECT value FROM json_each(${accounts.resetReasons}) UNION SELECT ${input.reason}))`,
    })
    .where(byKey(input))
}

/** Accounts on SQLite: better-sqlite3 on Node and D1 on Workers (the same statements). */
export function createSqliteAccountStore(driver: StoreDriver, auditKey: KeyedHash): AccountStore {
  const { db } = driver
  const prepared = prepareAccountStatements(db)
  return {
    async find(key) {
      return (await prepared.find.all({ ...key }))[0] ?? null
    },
    async findByEmailIndex(tenantId, candidates) {
      const [first, second = first] = candidates
      if (first === undefined) return null
      const rows = await prepared.findByEmail.all({ tenantId, first, second })
      return candidates.map((c) => rows.find((row) => row.emailIndex === c)).find(Boolean) ?? null
    },
    emailHolders: (tenantId, indexes) => sqliteEmailHolders(db, tenantId, indexes),
    async reindexEmail(input) {
      await db
        .update(accounts)
        .set({ emailIndex: input.to })
        .where(and(byKey(input), eq(accounts.emailIndex, input.from)))
    },
    async insert(row) {
      // DO NOTHING covers every unique constraint: the externalId and the e-mail index.
      const inserted = await db
        .insert(accounts)
        .values(row)
        .onConflictDoNothing()
        .returning({ id: accounts.externalId })
      return inserted.length === 1
    },
    async compareAndSwapHash(input) {
      const { passwordChanged, ...rest } = input
      const rows = await prepared.swapHash.all({
        ...rest,
        passwordChanged: passwordChanged ? 1 : 0,
      })
      return rows.length === 1
    },
    async recordLogin(key, now) {
      await prepared.recordLogin.run({ ...key, now })
    },
    flagForReset: (input) => sqliteFlagForReset(db, input),
    async insertResetToken(row) {
      await db.insert(resetTokens).values(row)
    },
    async isLiveResetToken(input) {
      const rows = await db.all<{ live: number }>(sql`SELECT ${sqliteLiveToken(input)} AS live`)
      return rows[0]?.live === 1
    },
    changePassword: (input, audit) => sqliteChangePassword(driver, auditKey, input, audit),
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
    importState: (tenantId, externalIds) => sqliteImportState(driver, tenantId, externalIds),
    importBatch: sqliteImportBatch(driver, auditKey),
  }
}

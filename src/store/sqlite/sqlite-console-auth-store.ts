import { and, eq, lt, or, sql } from 'drizzle-orm'
import type { KeyedHash } from '../../crypto/keyed-hash.js'
import type { StoreDriver } from '../database.js'
import type { ConsoleAuthStore } from '../ports/console-auth-store.js'
import { consoleSessions as s, consoleUsers as u } from '../schema.js'
import { sqliteWriteAudited } from './sqlite-audited-write.js'

/** Console users and sessions on SQLite and D1; audited writes are one batch each. */
export function createSqliteConsoleAuthStore(
  driver: StoreDriver,
  key: KeyedHash,
): ConsoleAuthStore {
  const { db } = driver
  const findUser: ConsoleAuthStore['findUser'] = async (tenantId, emailIndex) => {
    const rows = await db
      .select()
      .from(u)
      .where(and(eq(u.tenantId, tenantId), eq(u.emailIndex, emailIndex)))
      .limit(1)
    return rows[0] ?? null
  }
  return {
    findUser,
    async findUserById(id) {
      const rows = await db.select().from(u).where(eq(u.id, id)).limit(1)
      return rows[0] ?? null
    },
    async createUser(row, entry) {
      const insert = db.insert(u).values(row).onConflictDoNothing()
      if (!entry) return (await insert.returning({ id: u.id })).length === 1
      // The entry only if this batch's insert is the row now stored under (tenant, e-mail).
      const onlyIf = sql`exists (select 1 from ${u} where ${u.id} = ${row.id})`
      return (await sqliteWriteAudited(driver, key, entry, { before: [insert], onlyIf })) !== null
    },
    async consumeTotpStep({ id, step, now }) {
      const rows = await db
        .update(u)
        .set({ totpLastStep: step, lastLoginAt: now })
        .where(and(eq(u.id, id), sql`${u.totpLastStep} < ${step}`))
        .returning({ id: u.id })
      return rows.length === 1
    },
    async findSession(idHash) {
      const rows = await db.select().from(s).where(eq(s.idHash, idHash)).limit(1)
      return rows[0] ?? null
    },
    async touchSession(idHash, now) {
      await db.update(s).set({ lastSeenAt: now }).where(eq(s.idHash, idHash))
    },
    async startSession(row, entry, replaces) {
      const ended = replaces ? [db.delete(s).where(eq(s.idHash, replaces))] : []
      const insert = db.insert(s).values(row)
      if (entry) await sqliteWriteAudited(driver, key, entry, { before: [...ended, insert] })
      else await driver.batch([...ended, insert])
    },
    async endSession(idHash, entry) {
      const remove = db.delete(s).where(eq(s.idHash, idHash))
      if (!entry) return (await remove.returning({ idHash: s.idHash })).length === 1
      const onlyIf = sql`exists (select 1 from ${s} where ${s.idHash} = ${idHash})`
      return (await sqliteWriteAudited(driver, key, entry, { onlyIf, after: [remove] })) !== null
    },
    async pruneSessions(userId, { idleBefore, createdBefore }) {
      await db
        .delete(s)
        .where(
          and(
            eq(s.userId, userId),
            or(lt(s.lastSeenAt, idleBefore), lt(s.createdAt, createdBefore)),
          ),
        )
    },
  }
}

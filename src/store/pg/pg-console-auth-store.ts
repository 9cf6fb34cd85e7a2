import { and, eq, lt, or, sql } from 'drizzle-orm'
import type { KeyedHash } from '../../crypto/keyed-hash.js'
import type { PgDatabase } from '../pg-driver-node.js'
import type { ConsoleAuthStore } from '../ports/console-auth-store.js'
import { consoleSessions as s, consoleUsers as u } from '../pg-schema.js'
import { pgWriteAudited, type PgTx } from './pg-audited-write.js'

/** Console users and sessions on PostgreSQL; audited writes are one transaction each. */
export function createPgConsoleAuthStore(db: PgDatabase, key: KeyedHash): ConsoleAuthStore {
  return {
    async findUser(tenantId, emailIndex) {
      const rows = await db
        .select()
        .from(u)
        .where(and(eq(u.tenantId, tenantId), eq(u.emailIndex, emailIndex)))
        .limit(1)
      return rows[0] ?? null
    },
    async findUserById(id) {
      const rows = await db.select().from(u).where(eq(u.id, id)).limit(1)
      return rows[0] ?? null
    },
    async createUser(row, entry) {
      const insert = async (tx: PgDatabase | PgTx) => {
        const rows = await tx.insert(u).values(row).onConflictDoNothing().returning({ id: u.id })
        return rows.length === 1 ? true : null
      }
      if (!entry) return (await insert(db)) === true
      return (await pgWriteAudited(db, key, entry, insert)) !== null
    },
    async consumeTotpStep({ id, step, now }) {
      const rows = await db
        .update(u)
        .set({ totpLastStep: step, lastLoginAt: now })
        .where(and(eq(u.id, id), sql`${u.totpLastStep} < ${step}::bigint`))
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
      const start = async (tx: PgTx) => {
        if (replaces) await tx.delete(s).where(eq(s.idHash, replaces))
        await tx.insert(s).values(row)
        return true
      }
      if (entry) await pgWriteAudited(db, key, entry, start)
      else await db.transaction(start)
    },
    async endSession(idHash, entry) {
      const end = async (tx: PgDatabase | PgTx) => {
        const rows = await tx.delete(s).where(eq(s.idHash, idHash)).returning({ id: s.idHash })
        return rows.length === 1 ? true : null
      }
      if (!entry) return (await end(db)) === true
      return (await pgWriteAudited(db, key, entry, end)) !== null
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

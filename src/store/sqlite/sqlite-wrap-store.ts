import { and, asc, count, gt, inArray, notInArray, notLike } from 'drizzle-orm'
import type { Database } from '../database.js'
import { NEVER_WRAPPED, WRAPPED_PREFIX, type WrapStore } from '../ports/wrap-store.js'
import { accounts, tenants } from '../schema.js'
import { prepareAccountStatements } from './sqlite-account-statements.js'

const pendingIn = (tenantIds: readonly string[]) =>
  and(
    inArray(accounts.tenantId, [...tenantIds]),
    notLike(accounts.scheme, `${WRAPPED_PREFIX}%`),
    notInArray(accounts.scheme, NEVER_WRAPPED),
  )

/** The wrap migration's queries on SQLite (better-sqlite3 and D1). */
export function createSqliteWrapStore(db: Database): WrapStore {
  const { swapHash } = prepareAccountStatements(db)
  return {
    async tenantIds() {
      const rows = await db.select({ id: tenants.id }).from(tenants).orderBy(asc(tenants.id))
      return rows.map((row) => row.id)
    },
    async countSchemes(tenantIds) {
      if (tenantIds.length === 0) return {}
      const rows = await db
        .select({ scheme: accounts.scheme, n: count() })
        .from(accounts)
        .where(inArray(accounts.tenantId, [...tenantIds]))
        .groupBy(accounts.scheme)
        .orderBy(accounts.scheme)
      return Object.fromEntries(rows.map((row) => [row.scheme, row.n]))
    },
    async countPending(tenantIds, after) {
      if (tenantIds.length === 0) return 0
      const [row] = await db
        .select({ n: count() })
        .from(accounts)
        .where(and(pendingIn(tenantIds), gt(accounts.externalId, after ?? '')))
      return row?.n ?? 0
    },
    async hasPendingAfter(tenantId, cursor) {
      return (await this.pendingBatch(tenantId, cursor, 1)).length > 0
    },
    async pendingBatch(tenantId, cursor, limit) {
      return db
        .select({ externalId: accounts.externalId, passwordHash: accounts.passwordHash })
        .from(accounts)
        .where(and(pendingIn([tenantId]), gt(accounts.externalId, cursor)))
        .orderBy(asc(accounts.externalId))
        .limit(limit)
    },
    async compareAndSwapHash({ passwordChanged, ...rest }) {
      const rows = await swapHash.all({ ...rest, passwordChanged: passwordChanged ? 1 : 0 })
      return rows.length === 1
    },
  }
}

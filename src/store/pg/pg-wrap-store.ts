import { and, asc, count, gt, inArray, notInArray, notLike } from 'drizzle-orm'
import type { PgDatabase } from '../pg-driver-node.js'
import { NEVER_WRAPPED, WRAPPED_PREFIX, type WrapStore } from '../ports/wrap-store.js'
import { accounts, tenants } from '../pg-schema.js'
import { pgCompareAndSwapHash } from './pg-account-store.js'

const pendingIn = (tenantIds: readonly string[]) =>
  and(
    inArray(accounts.tenantId, [...tenantIds]),
    notLike(accounts.scheme, `${WRAPPED_PREFIX}%`),
    notInArray(accounts.scheme, NEVER_WRAPPED),
  )

/**
 * The wrap migration's queries on PostgreSQL. Two instances running the job both read a row
 * as pending; the CAS lets only the first write it (the other's UPDATE re-checks the hash on
 * the committed row and matches nothing), so each account is wrapped once.
 */
export function createPgWrapStore(db: PgDatabase): WrapStore {
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
      // The cursor compares and the rows sort in one collation (the index's), so keyset
      // pagination neither skips nor repeats an externalId.
      return db
        .select({ externalId: accounts.externalId, passwordHash: accounts.passwordHash })
        .from(accounts)
        .where(and(pendingIn([tenantId]), gt(accounts.externalId, cursor)))
        .orderBy(asc(accounts.externalId))
        .limit(limit)
    },
    compareAndSwapHash: (input) => pgCompareAndSwapHash(db, input),
  }
}

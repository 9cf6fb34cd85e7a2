import { and, count, eq } from 'drizzle-orm'
import type { KeyedHash } from '../../crypto/keyed-hash.js'
import { readIncidentCounters } from './sqlite-incident-counters.js'
import type { StoreDriver } from '../database.js'
import type { ResetStore } from '../ports/reset-store.js'
import { accountExposures, accounts } from '../schema.js'
import { sqliteForceResets } from './sqlite-force-resets.js'

/** Forced resets on SQLite: better-sqlite3 on Node and D1 on Workers (the same statements). */
export function createSqliteResetStore(driver: StoreDriver, auditKey: KeyedHash): ResetStore {
  const { db } = driver
  return {
    async accountsInScope({ tenantId, incidentId, scope }) {
      if (scope === 'all') {
        const rows = await db
          .select({ id: accounts.externalId })
          .from(accounts)
          .where(eq(accounts.tenantId, tenantId))
        return rows.map((row) => row.id)
      }
      const e = accountExposures
      const rows = await db
        .select({ id: e.externalId })
        .from(e)
        .where(
          and(
            eq(e.tenantId, tenantId),
            eq(e.incidentId, incidentId),
            scope === 'password_match' ? eq(e.passwordMatch, true) : undefined,
          ),
        )
      return rows.map((row) => row.id)
    },
    // The incident's counters for its own scopes (one key read), an index count for `all`.
    async countInScope({ tenantId, incidentId, scope }) {
      if (scope === 'all') {
        const [row] = await db
          .select({ n: count() })
          .from(accounts)
          .where(eq(accounts.tenantId, tenantId))
        return row?.n ?? 0
      }
      const counters = await readIncidentCounters(db, { tenantId, incidentId })
      return scope === 'password_match' ? counters.passwordMatches : counters.accountsExposed
    },
    forceResets: (input) => sqliteForceResets(driver, auditKey, input),
    async resetsForced(scope) {
      return (await readIncidentCounters(db, scope)).resetsForced
    },
  }
}

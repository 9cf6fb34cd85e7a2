import { and, count, countDistinct, eq, like } from 'drizzle-orm'
import type { KeyedHash } from '../../crypto/keyed-hash.js'
import { incidentReasonPattern } from '../../incidents/reset-reasons.js'
import type { PgDatabase } from '../pg-driver-node.js'
import type { ResetStore } from '../ports/reset-store.js'
import { accountExposures as e, accounts, incidentCounters, resetTokens } from '../pg-schema.js'
import { pgForceResets } from './pg-force-resets.js'

/** Forced resets on PostgreSQL. */
export function createPgResetStore(db: PgDatabase, auditKey: KeyedHash): ResetStore {
  return {
    async accountsInScope({ tenantId, incidentId, scope }) {
      if (scope === 'all') {
        const rows = await db
          .select({ id: accounts.externalId })
          .from(accounts)
          .where(eq(accounts.tenantId, tenantId))
        return rows.map((row) => row.id)
      }
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
    // An index count on the exposures' primary key: exact, and no recount to keep in step.
    async countInScope({ tenantId, incidentId, scope }) {
      const [row] =
        scope === 'all'
          ? await db.select({ n: count() }).from(accounts).where(eq(accounts.tenantId, tenantId))
          : await db
              .select({ n: count() })
              .from(e)
              .where(
                and(
                  eq(e.tenantId, tenantId),
                  eq(e.incidentId, incidentId),
                  scope === 'password_match' ? eq(e.passwordMatch, true) : undefined,
                ),
              )
      return row?.n ?? 0
    },
    forceResets: (input) => pgForceResets(db, auditKey, input),
    async resetsForced({ tenantId, incidentId }) {
      const c = incidentCounters
      const [row] = await db
        .select({ n: c.resetsForced })
        .from(c)
        .where(and(eq(c.tenantId, tenantId), eq(c.incidentId, incidentId)))
      if (row) return row.n
      // An incident without a counters row: the recount the counters stand for.
      const t = resetTokens
      const [recount] = await db
        .select({ n: countDistinct(t.externalId) })
        .from(t)
        .where(and(eq(t.tenantId, tenantId), like(t.reason, incidentReasonPattern(incidentId))))
      return recount?.n ?? 0
    },
  }
}

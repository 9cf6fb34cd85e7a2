import { and, desc, eq, lt, or, sql } from 'drizzle-orm'
import type { KeyedHash } from '../../crypto/keyed-hash.js'
import type { PgDatabase } from '../pg-driver-node.js'
import type { IncidentStore } from '../ports/incident-store.js'
import { incidentCounters, incidents } from '../pg-schema.js'
import { pgWriteAudited } from './pg-audited-write.js'
import { pgIncidentFigures } from './pg-incident-figures.js'
import { pgReadIncidentCounters, pgRecountIncidentCounters } from './pg-incident-counters.js'
import { pgOutboxInsert } from './pg-webhook-outbox-store.js'

/** Incidents on PostgreSQL: every audited write is one transaction with its entry. */
export function createPgIncidentStore(db: PgDatabase, key: KeyedHash): IncidentStore {
  // Ids compare bytewise, as on SQLite, so a cursor pages the same on every backend.
  const idC = sql`${incidents.id} COLLATE "C"`
  return {
    async create(row, event, entry) {
      await pgWriteAudited(db, key, entry, async (tx) => {
        await tx.insert(incidents).values(row)
        await tx
          .insert(incidentCounters)
          .values({ tenantId: row.tenantId, incidentId: row.id })
          .onConflictDoNothing()
        await pgOutboxInsert(tx, event)
        return true
      })
    },
    async find(tenantId, id) {
      const rows = await db
        .select()
        .from(incidents)
        .where(and(eq(incidents.tenantId, tenantId), eq(incidents.id, id)))
        .limit(1)
      return rows[0] ?? null
    },
    list(tenantId, { limit, after }) {
      const position = after
        ? or(
            lt(incidents.createdAt, after.createdAt),
            and(eq(incidents.createdAt, after.createdAt), sql`${idC} < ${after.id} COLLATE "C"`),
          )
        : undefined
      return db
        .select()
        .from(incidents)
        .where(and(eq(incidents.tenantId, tenantId), position))
        .orderBy(desc(incidents.createdAt), sql`${idC} DESC`)
        .limit(limit + 1)
    },
    async recordAuthorityNotified({ tenantId, id, at }, entry) {
      await pgWriteAudited(db, key, entry, async (tx) => {
        await tx
          .update(incidents)
          .set({ authorityNotifiedAt: at })
          .where(and(eq(incidents.tenantId, tenantId), eq(incidents.id, id)))
        return true
      })
    },
    figures: (scope) => pgIncidentFigures(db, scope),
    counters: (scope) => pgReadIncidentCounters(db, scope),
    recount: (scope) => pgRecountIncidentCounters(db, scope),
  }
}

import { and, desc, eq, lt, or } from 'drizzle-orm'
import { readIncidentCounters, recountIncidentCounters } from './sqlite-incident-counters.js'
import type { Database } from '../database.js'
import type { IncidentStore } from '../ports/incident-store.js'
import { incidents } from '../schema.js'
import { sqliteIncidentFigures } from './sqlite-incident-figures.js'

export type IncidentReads = Pick<
  IncidentStore,
  'find' | 'list' | 'figures' | 'counters' | 'recount'
>

/**
 * The incident reads on a bare SQLite database: the adapter's, and what callers that hold only
 * `db` (the console, routes not yet on store ports) use meanwhile.
 */
export function createSqliteIncidentReads(db: Database): IncidentReads {
  return {
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
            and(eq(incidents.createdAt, after.createdAt), lt(incidents.id, after.id)),
          )
        : undefined
      return db
        .select()
        .from(incidents)
        .where(and(eq(incidents.tenantId, tenantId), position))
        .orderBy(desc(incidents.createdAt), desc(incidents.id))
        .limit(limit + 1)
    },
    figures: (scope) => sqliteIncidentFigures(db, scope),
    counters: (scope) => readIncidentCounters(db, scope),
    recount: (scope) => recountIncidentCounters(db, scope),
  }
}

/** The tenant's incident on a bare SQLite database (the console, until it holds store ports). */
export const findIncident = (db: Database, tenantId: string, id: string) =>
  createSqliteIncidentReads(db).find(tenantId, id)

/** A page of the tenant's incidents on a bare SQLite database (the console, as above). */
export const listIncidents = (
  db: Database,
  tenantId: string,
  page: Parameters<IncidentReads['list']>[1],
) => createSqliteIncidentReads(db).list(tenantId, page)

import { and, eq, sql } from 'drizzle-orm'
import { countMatchesBy } from '../../incidents/match-exposure.js'
import { incidentReasonPattern } from '../../incidents/reset-reasons.js'
import type { PgDatabase } from '../pg-driver-node.js'
import type { IncidentFigures, IncidentScope } from '../ports/incident-store.js'
import { accountExposures, exposureRecords, resetTokens } from '../pg-schema.js'

const n = (value: unknown) => Number(value ?? 0)
const orNull = (value: unknown) => (value === null || value === undefined ? null : Number(value))

/** Aggregates the incident's exposure records, account exposures and reset tokens (PostgreSQL). */
export async function pgIncidentFigures(
  db: PgDatabase,
  { tenantId, incidentId }: IncidentScope,
): Promise<IncidentFigures> {
  const e = exposureRecords
  const t = resetTokens
  const records = await db.execute<Record<string, unknown>>(sql`SELECT count(*) AS records,
    count(*) FILTER (WHERE ${e.externalId} IS NULL) AS unmatched,
    count(*) FILTER (WHERE ${e.passwordAdded}) AS blocked,
    count(*) FILTER (WHERE ${e.digestPending}) AS pending,
    min(${e.createdAt}) AS first, max(${e.createdAt}) AS last
    FROM ${e} WHERE ${e.tenantId} = ${tenantId} AND ${e.incidentId} = ${incidentId}`)
  const a = accountExposures
  const exposedAccounts = await db
    .select({ externalId: a.externalId, passwordMatch: a.passwordMatch, matchVia: a.matchVia })
    .from(a)
    .where(and(eq(a.tenantId, tenantId), eq(a.incidentId, incidentId)))
    // Byte order, as SQLite sorts: the notification list reads the same on every backend.
    .orderBy(sql`${a.passwordMatch} DESC`, sql`${a.externalId} COLLATE "C"`)
  const resets = await db.execute<Record<string, unknown>>(sql`SELECT
    count(DISTINCT ${t.externalId}) AS forced, min(${t.createdAt}) AS first,
    count(DISTINCT ${t.externalId}) FILTER (WHERE ${t.usedAt} IS NOT NULL) AS completed
    FROM ${t} WHERE ${t.tenantId} = ${tenantId}
    AND ${t.reason} LIKE ${incidentReasonPattern(incidentId)} ESCAPE '\\'`)
  const r = records.rows[0] ?? {}
  const s = resets.rows[0] ?? {}
  return {
    records: n(r.records),
    unmatchedRecords: n(r.unmatched),
    passwordsBlocked: n(r.blocked),
    firstIngestAt: orNull(r.first),
    lastIngestAt: orNull(r.last),
    accountsExposed: exposedAccounts.length,
    passwordMatches: exposedAccounts.filter((row) => row.passwordMatch).length,
    passwordMatchesBy: countMatchesBy(exposedAccounts),
    passwordChecksPending: n(r.pending),
    resetsForced: n(s.forced),
    resetsCompleted: n(s.completed),
    firstResetAt: orNull(s.first),
    exposedAccounts: exposedAccounts.map(({ externalId, passwordMatch }) => ({
      externalId,
      passwordMatch,
    })),
  }
}

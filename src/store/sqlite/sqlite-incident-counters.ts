import { and, eq, sql } from 'drizzle-orm'
import type { Database } from '../database.js'
import { accountExposures, exposureRecords, incidentCounters, resetTokens } from '../schema.js'
import { proofKind } from './sqlite-counter-deltas.js'
import { incidentReasonPattern } from '../../incidents/reset-reasons.js'

type Scope = { tenantId: string; incidentId: string }
export type IncidentCounters = Omit<typeof incidentCounters.$inferSelect, 'tenantId' | 'incidentId'>

/** The counters row a new incident starts with, for the batch that creates the incident. */
export function openIncidentCounters(db: Database, scope: Scope) {
  return db.insert(incidentCounters).values(scope).onConflictDoNothing()
}

/**
 * The counters as a recount of the rows, in the table's column order: what the delta
 * statements must always agree with, and the value a row missing from before counters existed
 * starts from.
 */
export function recountSelect(scope: Scope) {
  const e = exposureRecords
  const a = accountExposures
  const t = resetTokens
  const ofRecords = sql`${e.tenantId} = ${scope.tenantId} AND ${e.incidentId} = ${scope.incidentId}`
  const ofAccounts = sql`${a.tenantId} = ${scope.tenantId} AND ${a.incidentId} = ${scope.incidentId}`
  const kind = proofKind(sql`${a.passwordMatch}`, sql`${a.matchVia}`)
  const accountsOf = (kindValue: number) =>
    sql`(SELECT count(*) FROM ${a} WHERE ${ofAccounts} AND ${kind} = ${kindValue})`
  return sql`SELECT ${scope.tenantId} AS tenant_id, ${scope.incidentId} AS incident_id,
    (SELECT count(*) FROM ${e} WHERE ${ofRecords}) AS records,
    (SELECT count(*) FROM ${e} WHERE ${ofRecords} AND ${e.externalId} IS NULL) AS unmatchedRecords,
    (SELECT coalesce(sum(${e.passwordAdded}), 0) FROM ${e} WHERE ${ofRecords}) AS passwordsBlocked,
    (SELECT count(*) FROM ${a} WHERE ${ofAccounts}) AS accountsExposed,
    (SELECT count(*) FROM ${a} WHERE ${ofAccounts} AND ${a.passwordMatch} = 1) AS passwordMatches,
    ${accountsOf(1)} AS matchesPlaintext, ${accountsOf(2)} AS matchesHashString,
    ${accountsOf(3)} AS matchesDigest,
    (SELECT count(DISTINCT ${t.externalId}) FROM ${t} WHERE ${t.tenantId} = ${scope.tenantId}
      AND ${t.reason} LIKE ${incidentReasonPattern(scope.incidentId)} ESCAPE '\\') AS resetsForced`
}

const NAMES = [
  'records',
  'unmatchedRecords',
  'passwordsBlocked',
  'accountsExposed',
  'passwordMatches',
  'matchesPlaintext',
  'matchesHashString',
  'matchesDigest',
  'resetsForced',
] as const

/** A fresh recount (tests compare it with the counters; no page reads it). */
export async function recountIncidentCounters(
  db: Database,
  scope: Scope,
): Promise<IncidentCounters> {
  const [row] = await db.all<Record<string, unknown>>(recountSelect(scope))
  return Object.fromEntries(
    NAMES.map((name) => [name, Number(row?.[name] ?? 0)]),
  ) as IncidentCounters
}

/**
 * The incident's counters: one primary-key read. An incident from before counters existed gets
 * its row from a recount once, in one INSERT … SELECT (atomic, so a concurrent ingest lands
 * either in the recount or, after it, as a delta on the row).
 */
export async function readIncidentCounters(db: Database, scope: Scope): Promise<IncidentCounters> {
  const read = () =>
    db
      .select()
      .from(incidentCounters)
      .where(
        and(
          eq(incidentCounters.tenantId, scope.tenantId),
          eq(incidentCounters.incidentId, scope.incidentId),
        ),
      )
  let [row] = await read()
  if (!row) {
    const select = sql`${recountSelect(scope)} WHERE true`
    await db.insert(incidentCounters).select(select).onConflictDoNothing()
    ;[row] = await read()
  }
  if (!row) throw new Error(`incident counters missing for ${scope.incidentId}`)
  const { tenantId: _tenant, incidentId: _incident, ...counters } = row
  return counters
}

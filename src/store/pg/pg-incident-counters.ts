import { and, eq, sql, type SQL } from 'drizzle-orm'
import { incidentReasonPattern } from '../../incidents/reset-reasons.js'
import type { PgDatabase } from '../pg-driver-node.js'
import type { IncidentCounters, IncidentScope } from '../ports/incident-store.js'
import { accountExposures, exposureRecords, incidentCounters, resetTokens } from '../pg-schema.js'

/**
 * The strongest proof of an account exposure, as the report counts it: 0 none, 1 plaintext
 * (also rows from before match_via existed), 2 hash string, 3 digest.
 */
export const pgProofKind = (match: SQL, via: SQL) =>
  sql`(CASE WHEN NOT ${match} THEN 0 WHEN ${via} = 0 OR (${via} & 1) <> 0 THEN 1
    WHEN (${via} & 2) <> 0 THEN 2 ELSE 3 END)`

/** The counters as a recount of the rows, in the table's column order. */
function recountSelect(scope: IncidentScope) {
  const e = exposureRecords
  const a = accountExposures
  const t = resetTokens
  const ofRecords = sql`${e.tenantId} = ${scope.tenantId} AND ${e.incidentId} = ${scope.incidentId}`
  const ofAccounts = sql`${a.tenantId} = ${scope.tenantId} AND ${a.incidentId} = ${scope.incidentId}`
  const kind = pgProofKind(sql`${a.passwordMatch}`, sql`${a.matchVia}`)
  const accountsOf = (value: number) =>
    sql`(SELECT count(*) FROM ${a} WHERE ${ofAccounts} AND ${kind} = ${value})::int`
  return sql`SELECT ${scope.tenantId}::text AS tenant_id, ${scope.incidentId}::text AS incident_id,
    (SELECT count(*) FROM ${e} WHERE ${ofRecords})::int AS records,
    (SELECT count(*) FROM ${e} WHERE ${ofRecords} AND ${e.externalId} IS NULL)::int AS unmatched_records,
    (SELECT count(*) FROM ${e} WHERE ${ofRecords} AND ${e.passwordAdded})::int AS passwords_blocked,
    (SELECT count(*) FROM ${a} WHERE ${ofAccounts})::int AS accounts_exposed,
    (SELECT count(*) FROM ${a} WHERE ${ofAccounts} AND ${a.passwordMatch})::int AS password_matches,
    ${accountsOf(1)} AS matches_plaintext, ${accountsOf(2)} AS matches_hash_string,
    ${accountsOf(3)} AS matches_digest,
    (SELECT count(DISTINCT ${t.externalId}) FROM ${t} WHERE ${t.tenantId} = ${scope.tenantId}
      AND ${t.reason} LIKE ${incidentReasonPattern(scope.incidentId)} ESCAPE '\\')::int AS resets_forced`
}

/** Named, not positional: the table's physical order depends on its migration history. */
const COLUMNS =
  'tenant_id, incident_id, records, unmatched_records, passwords_blocked, accounts_exposed, ' +
  'password_matches, matches_plaintext, matches_hash_string, matches_digest, resets_forced'

const toCounters = (row: Record<string, unknown> | undefined): IncidentCounters => ({
  records: Number(row?.records ?? 0),
  unmatchedRecords: Number(row?.unmatched_records ?? 0),
  passwordsBlocked: Number(row?.passwords_blocked ?? 0),
  accountsExposed: Number(row?.accounts_exposed ?? 0),
  passwordMatches: Number(row?.password_matches ?? 0),
  matchesPlaintext: Number(row?.matches_plaintext ?? 0),
  matchesHashString: Number(row?.matches_hash_string ?? 0),
  matchesDigest: Number(row?.matches_digest ?? 0),
  resetsForced: Number(row?.resets_forced ?? 0),
})

/** A fresh recount (tests compare it with the counters). */
export async function pgRecountIncidentCounters(db: PgDatabase, scope: IncidentScope) {
  const result = await db.execute<Record<string, unknown>>(recountSelect(scope))
  return toCounters(result.rows[0])
}

/**
 * One primary-key read; an incident without a counters row gets one from a recount in one
 * INSERT … SELECT, so a concurrent ingest lands either in the recount or as a delta after it.
 */
export async function pgReadIncidentCounters(
  db: PgDatabase,
  scope: IncidentScope,
): Promise<IncidentCounters> {
  const c = incidentCounters
  const where = and(eq(c.tenantId, scope.tenantId), eq(c.incidentId, scope.incidentId))
  let [row] = await db.select().from(c).where(where)
  if (!row) {
    await db.execute(sql`INSERT INTO ${c} (${sql.raw(COLUMNS)}) ${recountSelect(scope)}
      ON CONFLICT DO NOTHING`)
    ;[row] = await db.select().from(c).where(where)
  }
  if (!row) throw new Error(`incident counters missing for ${scope.incidentId}`)
  const { tenantId: _tenant, incidentId: _incident, ...counters } = row
  return counters
}

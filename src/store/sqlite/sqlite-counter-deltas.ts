import { sql, type SQL } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Database } from '../database.js'
import { accountExposures, incidentCounters, resetTokens } from '../schema.js'

type Scope = { tenantId: string; incidentId: string }
const c = incidentCounters

/**
 * The strongest proof of an account exposure, as the report counts it: 0 none, 1 plaintext
 * (also rows from before match_via existed), 2 hash string, 3 digest.
 */
export const proofKind = (match: SQL, via: SQL) =>
  sql`(CASE WHEN coalesce(${match}, 0) = 0 THEN 0 WHEN coalesce(${via}, 0) = 0 OR (${via} & 1) THEN 1 WHEN (${via} & 2) THEN 2 ELSE 3 END)`

/**
 * Adds one row of deltas (the nine counts, in column order) to the incident's counters. An
 * incident without a counters row (created before counters existed) is left alone: its row is
 * recounted from the data when first read, which then includes these rows too.
 */
function addDeltas(db: Database, scope: Scope, deltas: SQL) {
  const select = sql`SELECT * FROM (SELECT ${scope.tenantId}, ${scope.incidentId}, ${deltas})
    WHERE EXISTS (SELECT 1 FROM ${c} WHERE ${c.tenantId} = ${scope.tenantId}
    AND ${c.incidentId} = ${scope.incidentId})`
  // Unqualified on the left: the stored row; `excluded`: this statement's deltas.
  const add = (name: string) => sql.raw(`"${name}" + excluded."${name}"`)
  return db
    .insert(c)
    .select(select)
    .onConflictDoUpdate({
      target: [c.tenantId, c.incidentId],
      set: {
        records: add('records'),
        unmatchedRecords: add('unmatched_records'),
        passwordsBlocked: add('passwords_blocked'),
        accountsExposed: add('accounts_exposed'),
        passwordMatches: add('password_matches'),
        matchesPlaintext: add('matches_plaintext'),
        matchesHashString: add('matches_hash_string'),
        matchesDigest: add('matches_digest'),
        resetsForced: add('resets_forced'),
      },
    }) as unknown as BatchItem<'sqlite'>
}

export type CounterColumn = Exclude<keyof typeof c.$inferSelect, 'tenantId' | 'incidentId'>

/**
 * Adds to `columns` the rows the statement just before it in the batch inserted: `changes()`
 * is that statement's count, so a row skipped on conflict (ingested earlier, or by a racing
 * upload) is not counted. No row (an incident from before counters): nothing, see addDeltas.
 */
export function addInserted(db: Database, scope: Scope, columns: readonly CounterColumn[]) {
  const set = Object.fromEntries(columns.map((column) => [column, sql`${c[column]} + changes()`]))
  return db
    .update(c)
    .set(set)
    .where(
      sql`${c.tenantId} = ${scope.tenantId} AND ${c.incidentId} = ${scope.incidentId}`,
    ) as unknown as BatchItem<'sqlite'>
}

/**
 * Counts how `exposedJson` (`[externalId, match, via]` rows, one per account) moves the account
 * figures: new accounts (only when the write inserts missing ones), and each account's
 * strongest proof before and after the OR of match and via. Runs BEFORE the write, as above.
 */
export function countExposureChanges(
  db: Database,
  scope: Scope,
  exposedJson: string,
  options: { insertsMissing: boolean },
) {
  const a = accountExposures
  const oldKind = proofKind(sql`a.password_match`, sql`a.match_via`)
  const newMatch = sql`(coalesce(a.password_match, 0) OR (x.value ->> 1))`
  const newKind = proofKind(newMatch, sql`(coalesce(a.match_via, 0) | (x.value ->> 2))`)
  const moved = (kind: number) =>
    sql`coalesce(sum(${newKind} = ${kind}), 0) - coalesce(sum(${oldKind} = ${kind}), 0)`
  return addDeltas(
    db,
    scope,
    sql`0, 0, 0, coalesce(sum(a.external_id IS NULL), 0),
      coalesce(sum(${newMatch}), 0) - coalesce(sum(a.password_match), 0),
      ${moved(1)}, ${moved(2)}, ${moved(3)}, 0
      FROM json_each(${exposedJson}) x LEFT JOIN ${a} a ON a.tenant_id = ${scope.tenantId}
      AND a.incident_id = ${scope.incidentId} AND a.external_id = x.value ->> 0
      ${options.insertsMissing ? sql`` : sql`WHERE a.external_id IS NOT NULL`}`,
  )
}

/** Counts the accounts in `externalIds` this incident never forced a reset on. Before the tokens. */
export function countNewResets(
  db: Database,
  scope: Scope,
  externalIds: readonly string[],
  reasonPattern: string,
) {
  const t = resetTokens
  return addDeltas(
    db,
    scope,
    sql`0, 0, 0, 0, 0, 0, 0, 0, count(DISTINCT x.value) FROM json_each(${JSON.stringify(externalIds)}) x
      WHERE NOT EXISTS (SELECT 1 FROM ${t} WHERE ${t.tenantId} = ${scope.tenantId}
      AND ${t.externalId} = x.value AND ${t.reason} LIKE ${reasonPattern} ESCAPE '\\')`,
  )
}

import { sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import { addInserted, countExposureChanges, type CounterColumn } from './sqlite-counter-deltas.js'
import type { StoreDriver } from '../database.js'
import { jsonSlices } from './sqlite-json-list.js'
import type { ExposureBatch } from '../ports/exposure-ingest-store.js'
import { accountExposures, exposureRecords } from '../schema.js'

interface Scope {
  tenantId: string
  incidentId: string
  now: number
}

/** An ingest row as json_each reads it: `[key, externalId, passwordMatch, passwordAdded, matchVia, digestPending]`. */
type RecordRow = [string, string | null, number, number, number, number]

const asItem = (statement: unknown) => statement as BatchItem<'sqlite'>

/** The strongest proof of a match_via bit set, as the report counts it. */
const KIND_COLUMNS: Record<number, CounterColumn[]> = {
  0: ['accountsExposed'],
  1: ['accountsExposed', 'passwordMatches', 'matchesPlaintext'],
  2: ['accountsExposed', 'passwordMatches', 'matchesHashString'],
  3: ['accountsExposed', 'passwordMatches', 'matchesDigest'],
}
const kindOf = (via: number) => (via === 0 ? 0 : via & 1 ? 1 : via & 2 ? 2 : 3)

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const group = groups.get(key(item))
    if (group) group.push(item)
    else groups.set(key(item), [item])
  }
  return groups
}

/**
 * The batch's record and account-exposure writes, each insert followed by the counter update
 * that adds what it really inserted (`changes()`: a row a concurrent upload inserted first is
 * not counted twice). Rows are grouped by what they count towards, so every counter moves by
 * one `changes()`. Accounts already exposed that this batch proves more about are counted
 * against their stored proof before it is raised.
 */
export function sqliteExposureWrites(
  driver: StoreDriver,
  batch: ExposureBatch,
): BatchItem<'sqlite'>[] {
  const { db } = driver
  const scope: Scope = batch
  const statements: BatchItem<'sqlite'>[] = []
  const rows = batch.records.map((r): RecordRow => [
    r.key,
    r.externalId,
    r.matchVia === 0 ? 0 : 1,
    r.passwordAdded ? 1 : 0,
    r.matchVia,
    r.digestPending ? 1 : 0,
  ])
  // In key order, the inserts walk each index once instead of dirtying random pages.
  rows.sort((a, b) => (a[0] < b[0] ? -1 : 1))
  for (const group of groupBy(rows, (row) => `${row[1] === null}${row[3]}`).values()) {
    const columns: CounterColumn[] = ['records']
    if (group[0]?.[1] === null) columns.push('unmatchedRecords')
    if (group[0]?.[3] === 1) columns.push('passwordsBlocked')
    for (const slice of jsonSlices(group)) {
      statements.push(
        insertRecords(driver, scope, JSON.stringify(slice)),
        addInserted(db, scope, columns),
      )
    }
  }
  const accounts = batch.exposed
    .map(({ externalId, matchVia }) => [externalId, matchVia === 0 ? 0 : 1, matchVia] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
  for (const [kind, group] of groupBy(accounts, (row) => String(kindOf(row[2])))) {
    for (const slice of jsonSlices(group)) {
      statements.push(
        insertExposures(driver, scope, JSON.stringify(slice)),
        addInserted(db, scope, KIND_COLUMNS[Number(kind)] ?? []),
      )
    }
  }
  for (const slice of jsonSlices(accounts.filter((row) => row[2] !== 0))) {
    const proofs = JSON.stringify(slice)
    statements.push(
      countExposureChanges(db, scope, proofs, { insertsMissing: false }),
      raiseProofs(driver, scope, proofs),
    )
  }
  return statements
}

// Column order must match the table definitions: drizzle inserts SELECT output positionally.
function insertRecords(driver: StoreDriver, scope: Scope, rowsJson: string) {
  const select = sql`SELECT ${scope.tenantId}, ${scope.incidentId}, value ->> 0, value ->> 1,
    value ->> 2, value ->> 3, ${scope.now}, value ->> 4, value ->> 5
    FROM json_each(${rowsJson}) WHERE true`
  return asItem(driver.db.insert(exposureRecords).select(select).onConflictDoNothing())
}

function insertExposures(driver: StoreDriver, scope: Scope, exposedJson: string) {
  const select = sql`SELECT ${scope.tenantId}, ${scope.incidentId}, value ->> 0, value ->> 1,
    ${scope.now}, value ->> 2 FROM json_each(${exposedJson}) WHERE true`
  return asItem(driver.db.insert(accountExposures).select(select).onConflictDoNothing())
}

/** A later record may prove the password; an earlier proof is never withdrawn. */
function raiseProofs(driver: StoreDriver, scope: Scope, exposedJson: string) {
  const select = sql`SELECT ${scope.tenantId}, ${scope.incidentId}, value ->> 0, value ->> 1,
    ${scope.now}, value ->> 2 FROM json_each(${exposedJson}) WHERE true`
  const upsert = driver.db
    .insert(accountExposures)
    .select(select)
    .onConflictDoUpdate({
      target: [accountExposures.tenantId, accountExposures.incidentId, accountExposures.externalId],
      set: {
        passwordMatch: sql`${accountExposures.passwordMatch} OR excluded.password_match`,
        matchVia: sql`${accountExposures.matchVia} | excluded.match_via`,
      },
    })
  return asItem(upsert)
}

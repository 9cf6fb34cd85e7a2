import { and, eq, getTableColumns, inArray, sql } from 'drizzle-orm'
import type { KeyedHash } from '../../crypto/keyed-hash.js'
import type { Database, StoreDriver } from '../database.js'
import {
  countImport,
  type AccountStore,
  type ImportedAccount,
  type ImportState,
} from '../ports/account-store.js'
import { accounts } from '../schema.js'
import { sqliteWriteAudited } from './sqlite-audited-write.js'

/** The import columns of those of these externalIds that exist, chunked under D1's cap. */
export async function sqliteImportState(
  driver: Pick<StoreDriver, 'db' | 'maxBoundParameters'>,
  tenantId: string,
  externalIds: readonly string[],
): Promise<Map<string, ImportState>> {
  const perQuery = Math.max(1, driver.maxBoundParameters - 1)
  const state = new Map<string, ImportState>()
  for (let start = 0; start < externalIds.length; start += perQuery) {
    const rows = await driver.db
      .select({
        externalId: accounts.externalId,
        importFingerprint: accounts.importFingerprint,
        importedAt: accounts.importedAt,
      })
      .from(accounts)
      .where(
        and(
          eq(accounts.tenantId, tenantId),
          inArray(accounts.externalId, externalIds.slice(start, start + perQuery)),
        ),
      )
    for (const { externalId, ...row } of rows) state.set(externalId, row)
  }
  return state
}

/**
 * One import batch on SQLite and D1: the counts from the rows read first, then the upserts
 * (chunked by the driver's bound-parameter limit) and the audit entry in one atomic batch.
 */
export function sqliteImportBatch(
  driver: StoreDriver,
  auditKey: KeyedHash,
): AccountStore['importBatch'] {
  return async (rows, entry) => {
    const first = rows[0]
    if (!first) return { imported: 0, updated: 0, unchanged: 0 }
    const stored = await sqliteImportState(
      driver,
      first.tenantId,
      rows.map((row) => row.externalId),
    )
    const counts = countImport(rows, stored)
    const perStatement = Math.max(1, Math.floor(driver.maxBoundParameters / COLUMNS))
    const statements = []
    for (let start = 0; start < rows.length; start += perStatement) {
      statements.push(upsert(driver.db, rows.slice(start, start + perStatement)))
    }
    await sqliteWriteAudited(driver, auditKey, entry(counts), { before: statements })
    return counts
  }
}

/**
 * Parameters one row may bind: every column of the table, not just the line's fields, because
 * drizzle binds the defaults of the others (must_reset, reset_reasons) too.
 */
const COLUMNS = Object.keys(getTableColumns(accounts)).length

function upsert(db: Database, rows: readonly ImportedAccount[]) {
  return db
    .insert(accounts)
    .values([...rows])
    .onConflictDoUpdate({
      target: [accounts.tenantId, accounts.externalId],
      set: {
        passwordHash: sql`excluded.password_hash`,
        scheme: sql`excluded.scheme`,
        importFingerprint: sql`excluded.import_fingerprint`,
        // The fingerprint follows what was imported: a later import resets its clock.
        importedAt: sql`excluded.imported_at`,
        emailIndex: sql`coalesce(excluded.email_index, ${accounts.emailIndex})`,
        updatedAt: sql`excluded.updated_at`,
      },
      // Same legacy hash as last import: leave the (possibly upgraded) account alone.
      setWhere: sql`${accounts.importFingerprint} IS NOT excluded.import_fingerprint`,
    })
}

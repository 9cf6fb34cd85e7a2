import { sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { StoreDriver } from '../../src/store/database.js'
import { accountExposures, accounts, exposureRecords } from '../../src/store/schema.js'
import { batches, type AccountRow, type ExposureRow } from './pg-import-rows.js'

/**
 * The SQLite write path the app uses today: the import upsert (multi-row VALUES chunked by
 * the bound-parameter limit, import-batch-write.ts) and the ingest statements (one json_each
 * INSERT … SELECT per table, exposure-batch.ts), each batch in one `driver.batch` transaction.
 */
export async function sqliteImport(driver: StoreDriver, rows: AccountRow[], batch: number) {
  const perStatement = Math.floor(driver.maxBoundParameters / 10)
  for (const chunk of batches(rows, batch)) {
    const statements = batches(chunk, perStatement).map((part) =>
      driver.db
        .insert(accounts)
        .values(part)
        .onConflictDoUpdate({
          target: [accounts.tenantId, accounts.externalId],
          set: {
            passwordHash: sql`excluded.password_hash`,
            importFingerprint: sql`excluded.import_fingerprint`,
            updatedAt: sql`excluded.updated_at`,
          },
          setWhere: sql`${accounts.importFingerprint} IS NOT excluded.import_fingerprint`,
        }),
    )
    await driver.batch(statements as BatchItem<'sqlite'>[])
  }
}

export async function sqliteIngest(driver: StoreDriver, rows: ExposureRow[], batch: number) {
  const now = Date.now()
  for (const chunk of batches(rows, batch)) {
    const records = JSON.stringify(
      chunk.map((r) => [r.recordKey, r.externalId, r.passwordMatch ? 1 : 0, r.matchVia]),
    )
    const exposures = JSON.stringify(
      chunk.map((r) => [r.externalId, r.passwordMatch ? 1 : 0, r.matchVia]),
    )
    const insertRecords = driver.db
      .insert(exposureRecords)
      .select(
        sql`SELECT 'bench', 'inc-1', value ->> 0, value ->> 1, value ->> 2, 0, ${now}, value ->> 3, 0 FROM json_each(${records}) WHERE true`,
      )
      .onConflictDoNothing()
    const upsertExposures = driver.db
      .insert(accountExposures)
      .select(
        sql`SELECT 'bench', 'inc-1', value ->> 0, value ->> 1, ${now}, value ->> 2 FROM json_each(${exposures}) WHERE true`,
      )
      .onConflictDoUpdate({
        target: [
          accountExposures.tenantId,
          accountExposures.incidentId,
          accountExposures.externalId,
        ],
        set: {
          passwordMatch: sql`${accountExposures.passwordMatch} OR excluded.password_match`,
          matchVia: sql`${accountExposures.matchVia} | excluded.match_via`,
        },
      })
    await driver.batch([insertRecords, upsertExposures] as unknown as BatchItem<'sqlite'>[])
  }
}

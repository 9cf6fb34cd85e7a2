import { sql } from 'drizzle-orm'
import type { StoreDriver } from '../store/database.js'
import { accounts } from '../store/schema.js'
import { existingFingerprints } from './account-store.js'
import type { ImportReport } from './import-accounts.js'

export type ImportRow = typeof accounts.$inferInsert

/**
 * Upserts one batch of parsed lines by externalId in one atomic batch (chunked by the driver's
 * bound-parameter limit) and counts each as imported, updated or unchanged.
 */
export async function writeImportBatch(
  driver: StoreDriver,
  tenantId: string,
  rows: ImportRow[],
  report: Pick<ImportReport, 'imported' | 'updated' | 'unchanged'>,
) {
  const existing = await existingFingerprints(
    driver.db,
    tenantId,
    rows.map((row) => row.externalId),
  )
  const columns = Object.keys(rows[0] ?? {}).length || 1
  const perStatement = Math.max(1, Math.floor(driver.maxBoundParameters / columns))
  const statements = []
  for (let start = 0; start < rows.length; start += perStatement) {
    statements.push(upsertStatement(driver, rows.slice(start, start + perStatement)))
  }
  await driver.batch(statements)
  for (const row of rows) {
    if (!existing.has(row.externalId)) report.imported += 1
    else if (existing.get(row.externalId) === row.importFingerprint) report.unchanged += 1
    else report.updated += 1
  }
}

function upsertStatement(driver: StoreDriver, rows: ImportRow[]) {
  return driver.db
    .insert(accounts)
    .values(rows)
    .onConflictDoUpdate({
      target: [accounts.tenantId, accounts.externalId],
      set: {
        passwordHash: sql`excluded.password_hash`,
        scheme: sql`excluded.scheme`,
        importFingerprint: sql`excluded.import_fingerprint`,
        emailIndex: sql`coalesce(excluded.email_index, ${accounts.emailIndex})`,
        updatedAt: sql`excluded.updated_at`,
      },
      // Same legacy hash as last import: leave the (possibly upgraded) account alone.
      setWhere: sql`${accounts.importFingerprint} IS NOT excluded.import_fingerprint`,
    })
}

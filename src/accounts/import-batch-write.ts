import { sql } from 'drizzle-orm'
import { writeAudited, type AuditAppendInput, type AuditDeps } from '../audit/append-audit.js'
import type { ImportBatchCounts } from '../audit/import-audit-entries.js'
import type { StoreDriver } from '../store/database.js'
import { accounts } from '../store/schema.js'
import { existingFingerprints } from './account-store.js'
import type { ImportReport } from './import-accounts.js'

export type ImportRow = typeof accounts.$inferInsert

/**
 * Upserts one batch of parsed lines by externalId, together with the audit entry that counts
 * them, in one atomic batch (upserts chunked by the driver's bound-parameter limit, as D1
 * needs): the rows never commit without their entry, nor the entry without the rows. Adds the
 * batch's imported, updated and unchanged counts to `report` once it committed.
 */
export async function writeImportBatch(
  deps: AuditDeps,
  tenantId: string,
  rows: ImportRow[],
  report: Pick<ImportReport, 'imported' | 'updated' | 'unchanged'>,
  auditEntry: (counts: ImportBatchCounts) => AuditAppendInput,
) {
  const { driver } = deps
  const existing = await existingFingerprints(
    driver.db,
    tenantId,
    rows.map((row) => row.externalId),
  )
  const counts: ImportBatchCounts = { imported: 0, updated: 0, unchanged: 0 }
  for (const row of rows) {
    if (!existing.has(row.externalId)) counts.imported += 1
    else if (existing.get(row.externalId) === row.importFingerprint) counts.unchanged += 1
    else counts.updated += 1
  }
  const columns = Object.keys(rows[0] ?? {}).length || 1
  const perStatement = Math.max(1, Math.floor(driver.maxBoundParameters / columns))
  const statements = []
  for (let start = 0; start < rows.length; start += perStatement) {
    statements.push(upsertStatement(driver, rows.slice(start, start + perStatement)))
  }
  await writeAudited(deps, auditEntry(counts), { before: statements })
  report.imported += counts.imported
  report.updated += counts.updated
  report.unchanged += counts.unchanged
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
        // The fingerprint follows what was imported: a later import resets its clock.
        importedAt: sql`excluded.imported_at`,
        emailIndex: sql`coalesce(excluded.email_index, ${accounts.emailIndex})`,
        updatedAt: sql`excluded.updated_at`,
      },
      // Same legacy hash as last import: leave the (possibly upgraded) account alone.
      setWhere: sql`${accounts.importFingerprint} IS NOT excluded.import_fingerprint`,
    })
}

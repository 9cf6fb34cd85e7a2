import { checkAuditEntry, type AuditAppendInput } from '../audit/audit-insert.js'
import type { ImportBatchCounts } from '../audit/import-audit-entries.js'
import type { AccountStore, ImportedAccount } from '../store/ports/account-store.js'

export type ImportRow = ImportedAccount
type AuditedEntryFor = Parameters<AccountStore['importBatch']>[1]

/**
 * Upserts one batch of parsed lines by externalId, together with the audit entry that counts
 * them, through the accounts port (one atomic write: the rows never commit without their entry,
 * nor the entry without the rows). Adds the batch's imported, updated and unchanged counts to
 * `report` once it committed.
 */
export async function writeImportBatch(
  accounts: Pick<AccountStore, 'importBatch'>,
  rows: readonly ImportRow[],
  report: { imported: number; updated: number; unchanged: number },
  auditEntry: (counts: ImportBatchCounts) => AuditAppendInput,
) {
  const counts = await accounts.importBatch(rows, onceFor(auditEntry))
  report.imported += counts.imported
  report.updated += counts.updated
  report.unchanged += counts.unchanged
}

/**
 * A retried write asks for its entry again: the same counts get the same entry, so an entry
 * builder that numbers batches is not advanced by a retry.
 */
function onceFor(auditEntry: (counts: ImportBatchCounts) => AuditAppendInput): AuditedEntryFor {
  let last: { key: string; entry: ReturnType<AuditedEntryFor> } | null = null
  return (counts) => {
    const key = `${counts.imported}/${counts.updated}/${counts.unchanged}`
    if (last?.key !== key) last = { key, entry: checkAuditEntry(auditEntry(counts)) }
    return last.entry
  }
}

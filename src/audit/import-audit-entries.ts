import { toBase64Url, type Random } from '../ports/random.js'
import type { AuditAppendInput } from './audit-insert.js'

/** What one committed import batch wrote. */
export interface ImportBatchCounts {
  imported: number
  updated: number
  unchanged: number
}

/** The audit entries of one import run, all carrying the same `importId`. */
export interface ImportAuditEntries {
  /** `accounts.batch_imported`: written in the batch it counts, numbered from 1. */
  batch(counts: ImportBatchCounts): AuditAppendInput
  /** `accounts.imported`: the run's totals, after its last batch (or at a truncated upload). */
  summary(totals: Record<string, number | boolean>): AuditAppendInput
}

/**
 * Builds an import run's audit entries. Each batch commits with its own entry, so a crash or a
 * cut upload mid-run leaves exactly the committed batches logged; the random `importId` ties
 * them to the run's summary when imports of one tenant interleave.
 */
export function importAuditEntries(input: {
  tenantId: string
  actor: string
  clock: () => number
  random: Random
}): ImportAuditEntries {
  const importId = `imp_${toBase64Url(input.random.bytes(9))}`
  const { tenantId, actor } = input
  let batches = 0
  return {
    batch(counts) {
      batches += 1
      const details = { importId, batch: batches, ...counts }
      return { tenantId, actor, action: 'accounts.batch_imported', details, at: input.clock() }
    },
    summary(totals) {
      const details = { importId, batches, ...totals }
      return { tenantId, actor, action: 'accounts.imported', details, at: input.clock() }
    },
  }
}

import { toBase64Url, type Random } from '../ports/random.js'
import type { AuditAppendInput } from './audit-insert.js'

/** What one committed ingest batch wrote (flat counts: the audit refuses nested objects). */
export type IngestBatchCounts = Record<string, number>

/** The audit entries of one exposure ingest run, all carrying the same `ingestId`. */
export interface IngestAuditEntries {
  /** `incident.exposures_batch_ingested`: written in the batch it counts, numbered from 1. */
  batch(counts: IngestBatchCounts): AuditAppendInput
  /** `incident.exposures_ingested`: the run's totals, after its last batch (or a cut upload). */
  summary(totals: Record<string, number | boolean>): AuditAppendInput
}

/**
 * Builds an ingest run's audit entries, as imports do (import-audit-entries.ts): each batch
 * commits with its own entry, so a crash or a cut upload mid-run leaves exactly the committed
 * batches logged; the random `ingestId` ties them to the run's summary when ingests interleave.
 */
export function ingestAuditEntries(input: {
  tenantId: string
  incidentId: string
  actor: string
  clock: () => number
  random: Random
}): IngestAuditEntries {
  const ingestId = `ing_${toBase64Url(input.random.bytes(9))}`
  const { tenantId, actor, incidentId: target } = input
  let batches = 0
  return {
    batch(counts) {
      batches += 1
      const details = { ingestId, batch: batches, ...counts }
      const action = 'incident.exposures_batch_ingested'
      return { tenantId, actor, action, target, details, at: input.clock() }
    },
    summary(totals) {
      const details = { ingestId, batches, ...totals }
      const action = 'incident.exposures_ingested'
      return { tenantId, actor, action, target, details, at: input.clock() }
    },
  }
}

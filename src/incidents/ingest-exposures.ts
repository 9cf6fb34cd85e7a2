import type { StoredHashVerifier } from '../accounts/stored-hash-verifier.js'
import type { LiveCorpus } from '../breach/live/live-corpus.js'
import type { StoreDriver } from '../store/database.js'
import { writeExposureBatch, type PendingExposure } from './exposure-batch.js'
import { toExposureRecord } from './exposure-record.js'
import type { ExposureRow } from './exposure-rows.js'
import { createKeyedHash } from '../crypto/keyed-hash.js'
import { EXPOSURE_RECORD_PURPOSE } from '../crypto/secret-keys.js'
import { createEmailIndexer } from '../accounts/email-index.js'
import { recordKeyMaterial } from './exposure-record.js'

export interface IngestRejection {
  line: number
  code: string
  detail: string
}

/** What an ingest did; the HTTP response and the CLI print this. */
export interface IngestReport {
  /** Valid records read, duplicates included. */
  records: number
  matched: number
  unmatched: number
  /** Records whose plaintext password verified against the account's current hash. */
  passwordMatches: number
  /** Distinct password digests that were new to the live breach corpus. */
  passwordsAdded: number
  /** Records already ingested for this incident (earlier upload or earlier in this one). */
  duplicates: number
  rejected: IngestRejection[]
  rejectedCount: number
}

export interface IngestDeps {
  driver: StoreDriver
  corpus: Pick<LiveCorpus, 'addExposed'>
  verifier: StoredHashVerifier
  secret: Uint8Array
}

/** Detail lists stop here so a garbage upload cannot make a giant response. */
export const MAX_REJECTION_DETAILS = 10_000

/**
 * Streams an exposure list into an incident, one batch at a time (memory stays bounded by the
 * batch): matches accounts by externalId or e-mail blind index, verifies plaintext passwords
 * against the current hash, adds every exposed password to the live corpus, and records each
 * distinct record once (re-ingesting the same list changes nothing).
 */
export async function ingestExposures(
  rows: AsyncIterable<ExposureRow>,
  deps: IngestDeps,
  options: {
    tenantId: string
    incidentId: string
    now: number
    batchSize?: number
    onProgress?: (report: IngestReport) => void
  },
): Promise<IngestReport> {
  const report: IngestReport = {
    records: 0,
    matched: 0,
    unmatched: 0,
    passwordMatches: 0,
    passwordsAdded: 0,
    duplicates: 0,
    rejected: [],
    rejectedCount: 0,
  }
  const recordKey = createKeyedHash(deps.secret, EXPOSURE_RECORD_PURPOSE).hexSync
  const emailIndexer = createEmailIndexer(deps.secret)
  const batchSize = options.batchSize ?? 2_000
  let batch = new Map<string, PendingExposure>()
  const flush = async () => {
    if (batch.size === 0) return
    await writeExposureBatch(deps, options, [...batch.values()], report)
    batch = new Map()
    options.onProgress?.(report)
  }
  for await (const row of rows) {
    const record = 'fields' in row ? toExposureRecord(row.fields) : row
    if ('code' in record) {
      report.rejectedCount += 1
      if (report.rejected.length < MAX_REJECTION_DETAILS) {
        report.rejected.push({ line: row.line, code: record.code, detail: record.detail })
      }
      continue
    }
    report.records += 1
    const key = recordKey(recordKeyMaterial(record))
    if (batch.has(key)) {
      report.duplicates += 1
      continue
    }
    const indexes =
      record.email === null ? null : emailIndexer.candidates(options.tenantId, record.email)
    batch.set(key, { key, record, emailIndexes: indexes })
    if (batch.size >= batchSize) await flush()
  }
  await flush()
  return report
}

import type { AuditAppendInput } from '../audit/append-audit.js'
import type { IngestBatchCounts } from '../audit/ingest-audit-entries.js'
import type { StoredHashVerifier } from '../accounts/stored-hash-verifier.js'
import type { TenantAdditions } from '../breach/live/tenant-additions.js'
import type { DigestJobRunner } from './digest-job-runner.js'
import type { StorePorts } from '../store/ports/store-ports.js'
import { writeExposureBatch, type PendingExposure } from './exposure-batch.js'
import { toExposureRecord } from './exposure-record.js'
import type { ExposureRow } from './exposure-rows.js'
import { createKeyedHash } from '../crypto/keyed-hash.js'
import { EXPOSURE_RECORD_PURPOSE, IMPORT_FINGERPRINT_PURPOSE } from '../crypto/secret-keys.js'
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
  /** Records that proved the account's current password leaked, however proved. */
  passwordMatches: number
  /**
   * The same records by their strongest proof: the plaintext verified against the current
   * hash, the leaked hash string is the one the account was imported from (or holds), or a
   * bare digest is the account's hash or import. Wrapped accounts proved later by the digest
   * job are not in these counts (see the job and the report).
   */
  passwordMatchesBy: { plaintext: number; hashString: number; digest: number }
  /** Records whose digest waits for one argon2 verify against a wrapped account (the job). */
  digestCandidates: number
  /** Distinct passwords new to this tenant's own breach additions. */
  passwordsAdded: number
  /** New passwords not added because the tenant's quota is full (see `warnings`). */
  passwordsRefused: number
  /** Conditions that did not stop the ingest, e.g. `tenant_corpus_quota_exceeded`. */
  warnings: { code: string; detail: string }[]
  /** Records already ingested for this incident (earlier upload or earlier in this one). */
  duplicates: number
  rejected: IngestRejection[]
  rejectedCount: number
}

/** The store ports ingest writes through. */
export type IngestStores = Pick<StorePorts, 'exposureIngest' | 'outbox'>

export interface IngestDeps {
  /** The app's store ports (`services.stores`). */
  stores: IngestStores
  /** The tenant's own breach additions (never the shared corpus). */
  corpus: Pick<TenantAdditions, 'add' | 'quota'>
  verifier: StoredHashVerifier
  secret: Uint8Array
  /** Where wrapped candidates go; absent: they stay pending (counted, not verified). */
  digestJob?: Pick<DigestJobRunner, 'enqueue'>
}

/** IngestDeps plus the resolved stores and what matching derives from the secret once. */
export type BatchDeps = IngestDeps & {
  stores: IngestStores
  match: { verifier: StoredHashVerifier; fingerprint: (canonical: string) => string }
}

/** Detail lists stop here so a garbage upload cannot make a giant response. */
export const MAX_REJECTION_DETAILS = 10_000

/**
 * Streams an exposure list into an incident, one batch at a time (memory stays bounded by the
 * batch): matches accounts by externalId or e-mail blind index, verifies plaintext passwords
 * against the current hash, adds every exposed password to the live corpus, and records each
 * distinct record once (re-ingesting the same list changes nothing). Each committed batch
 * carries the audit entry `auditBatch` builds for it (exposure-batch.ts).
 */
export async function ingestExposures(
  rows: AsyncIterable<ExposureRow>,
  deps: IngestDeps,
  options: {
    tenantId: string
    incidentId: string
    now: number
    auditBatch: (counts: IngestBatchCounts) => AuditAppendInput
    batchSize?: number
    onProgress?: (report: IngestReport) => void
  },
): Promise<IngestReport> {
  const report = emptyIngestReport()
  const recordKey = createKeyedHash(deps.secret, EXPOSURE_RECORD_PURPOSE).hexSync
  const emailIndexer = createEmailIndexer(deps.secret)
  const batchSize = options.batchSize ?? 5000
  const fingerprint = createKeyedHash(deps.secret, IMPORT_FINGERPRINT_PURPOSE).hexSync
  const batchDeps: BatchDeps = {
    ...deps,
    stores: deps.stores,
    match: { verifier: deps.verifier, fingerprint },
  }
  const { auditBatch, ...scope } = options
  let batch = new Map<string, PendingExposure>()
  const flush = async () => {
    if (batch.size === 0) return
    await writeExposureBatch(batchDeps, scope, [...batch.values()], report, auditBatch)
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
  if (report.passwordsRefused > 0) {
    report.warnings.push({
      code: 'tenant_corpus_quota_exceeded',
      detail: `${report.passwordsRefused} exposed passwords were not added to this tenant's breach additions: they hold their quota of ${deps.corpus.quota} passwords. Account matching and resets are not affected; the operator can add the list to the shared corpus (pwguard corpus add).`,
    })
  }
  return report
}

/** A report with nothing counted yet: the run's totals, or one batch's counts. */
export function emptyIngestReport(): IngestReport {
  return {
    records: 0,
    matched: 0,
    unmatched: 0,
    passwordMatches: 0,
    passwordMatchesBy: { plaintext: 0, hashString: 0, digest: 0 },
    digestCandidates: 0,
    passwordsAdded: 0,
    passwordsRefused: 0,
    warnings: [],
    duplicates: 0,
    rejected: [],
    rejectedCount: 0,
  }
}

/** The report as audit details: counts only, flat (the audit refuses password-named objects). */
export function ingestAuditDetails(report: IngestReport): Record<string, number> {
  const { rejected: _rejected, warnings: _warnings, passwordMatchesBy: by, ...counts } = report
  return {
    ...counts,
    matchesPlaintext: by.plaintext,
    matchesHashString: by.hashString,
    matchesDigest: by.digest,
  }
}

import type { LineRejection } from '../accounts/record-rejection.js'

/** What an ingest counted: the HTTP response, the CLI's output and the audit details. */

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
  rejected: LineRejection[]
  rejectedCount: number
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

import type { AuditAppendInput } from '../audit/append-audit.js'
import { checkAuditEntry } from '../audit/audit-insert.js'
import type { IngestBatchCounts } from '../audit/ingest-audit-entries.js'
import type { ExposureRecordRow } from '../store/ports/exposure-ingest-store.js'
import { outboxEvent } from '../webhooks/outbox-event.js'
import type { BatchDeps as IngestDeps, PendingExposure } from './ingest-deps.js'
import { emptyIngestReport, ingestAuditDetails, type IngestReport } from './ingest-report.js'
import { mapWithConcurrency } from '../concurrency/map-with-concurrency.js'
import type { DigestCheck } from './digest-job-runner.js'
import { MATCH_VIA, matchExposure, type MatchOutcome } from './match-exposure.js'
import { matchAccounts } from './exposure-queries.js'

interface Scope {
  tenantId: string
  incidentId: string
  now: number
}

/** bcrypt/argon2 verifies run a few at a time: they are the slow part of a plaintext list. */
const VERIFY_CONCURRENCY = 4

/**
 * Processes one batch: skips records already ingested (except those still waiting for the
 * digest job, whose digests this upload brings back), matches accounts, proves password matches
 * (match-exposure.ts), adds the exposed passwords to the tenant's own breach additions, then
 * writes the records, the account exposures, the job's candidate count, the `account.exposed`
 * events and the audit entry `auditBatch` builds from the batch's counts in one atomic batch:
 * none commits without the others. Adds the counts to `report` once committed. The tenant's
 * breach additions live in a separate store (the live corpus), added before this batch, and
 * wrapped candidates go to the digest job after it: neither is part of the atomic batch.
 */
export async function writeExposureBatch(
  deps: IngestDeps,
  scope: Scope,
  pending: PendingExposure[],
  totals: IngestReport,
  auditBatch: (counts: IngestBatchCounts) => AuditAppendInput,
): Promise<void> {
  const store = deps.stores.exposureIngest
  // This batch's counts, added to the run's totals only once it committed.
  const report = emptyIngestReport()
  const seen = await store.existingKeys(
    scope,
    pending.map((item) => item.key),
  )
  const fresh = pending.filter((item) => !seen.has(item.key))
  const resumed = pending.filter((item) => seen.get(item.key) === true)
  report.duplicates += pending.length - fresh.length
  const matches = await matchAccounts(store, scope.tenantId, [...fresh, ...resumed])
  const outcomes = await mapWithConcurrency(fresh, VERIFY_CONCURRENCY, (item, i) =>
    matchExposure(item.record, matches[i], deps.match),
  )
  const checks: DigestCheck[] = []
  const queue = (item: PendingExposure, outcome: MatchOutcome | undefined, i: number) => {
    const account = matches[i]
    if (!outcome?.candidate || !account) return
    checks.push({
      ...scope,
      recordKey: item.key,
      externalId: account.externalId,
      ...outcome.candidate,
    })
  }
  fresh.forEach((item, i) => queue(item, outcomes[i], i))
  const candidates = checks.length
  for (const [j, item] of resumed.entries()) {
    const i = fresh.length + j
    queue(item, await matchExposure(item.record, matches[i], deps.match), i)
  }
  report.digestCandidates += checks.length
  await addToTenantCorpus(deps, scope, fresh, report)

  const exposed = new Map<string, number>()
  const rows = fresh.map((item, i): ExposureRecordRow => {
    const externalId = matches[i]?.externalId ?? null
    const via = outcomes[i]?.via ?? 0
    const waiting = Boolean(outcomes[i]?.candidate)
    if (externalId === null) report.unmatched += 1
    else {
      report.matched += 1
      exposed.set(externalId, (exposed.get(externalId) ?? 0) | via)
    }
    countMatch(report, via)
    return {
      key: item.key,
      externalId,
      matchVia: via,
      passwordAdded: item.record.sha1 !== null,
      digestPending: waiting,
    }
  })
  if (rows.length > 0) {
    const { records: _records, rejectedCount: _rejected, ...counts } = ingestAuditDetails(report)
    const entry = checkAuditEntry(auditBatch({ written: rows.length, ...counts }))
    const batch = {
      ...scope,
      records: rows,
      exposed: [...exposed].map(([externalId, matchVia]) => ({ externalId, matchVia })),
      digestCandidates: candidates,
      events: await exposedEvents(deps, scope, exposed),
    }
    await store.writeBatch(batch, entry)
  }
  addBatchCounts(totals, report)
  deps.digestJob?.enqueue(checks)
}

function addBatchCounts(totals: IngestReport, batch: IngestReport) {
  for (const key of BATCH_COUNTS) totals[key] += batch[key]
  for (const key of ['plaintext', 'hashString', 'digest'] as const) {
    totals.passwordMatchesBy[key] += batch.passwordMatchesBy[key]
  }
}

/** The report fields a batch changes (records and rejections are counted as lines are read). */
const BATCH_COUNTS = [
  'matched',
  'unmatched',
  'passwordMatches',
  'digestCandidates',
  'passwordsAdded',
  'passwordsRefused',
  'duplicates',
] as const

function countMatch(report: IngestReport, via: number) {
  if (via === 0) return
  report.passwordMatches += 1
  const by = report.passwordMatchesBy
  if (via & MATCH_VIA.plaintext) by.plaintext += 1
  else if (via & MATCH_VIA.hashString) by.hashString += 1
  else by.digest += 1
}

/** Adds the batch's exposed passwords to the tenant's own additions, within its quota. */
async function addToTenantCorpus(
  deps: IngestDeps,
  scope: Scope,
  fresh: PendingExposure[],
  report: IngestReport,
) {
  const entries = fresh.flatMap(({ record }) =>
    record.sha1 === null ? [] : [{ sha1: record.sha1, ...(record.ntlm && { ntlm: record.ntlm }) }],
  )
  if (entries.length === 0) return
  const result = await deps.corpus.add(scope.tenantId, entries, scope.now)
  report.passwordsAdded += result.added
  report.passwordsRefused += result.refused
}

/** `account.exposed` for accounts this incident had not exposed yet (none without an endpoint). */
async function exposedEvents(deps: IngestDeps, scope: Scope, exposed: Map<string, number>) {
  const { exposureIngest, outbox } = deps.stores
  if (exposed.size === 0 || !(await outbox.endpoint(scope.tenantId))) return []
  const known = await exposureIngest.exposedAlready(scope, [...exposed.keys()])
  return [...exposed]
    .filter(([externalId]) => !known.has(externalId))
    .map(([externalId, via]) => {
      const data = { incidentId: scope.incidentId, externalId, passwordMatch: via !== 0 }
      return outboxEvent({
        tenantId: scope.tenantId,
        type: 'account.exposed',
        data,
        now: scope.now,
      })
    })
}

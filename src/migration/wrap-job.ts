import { parseStoredHash } from '../hashing/parse-stored-hash.js'
import type { ParsedHash } from '../hashing/parsed-hash.js'
import type { PasswordHasher } from '../hashing/password-hasher.js'
import type { WrapCandidate, WrapStore } from '../store/ports/wrap-store.js'
import { mapWithConcurrency } from '../concurrency/map-with-concurrency.js'
import { decideWrap } from './wrap-threshold.js'
import { decisionField, emptyTally, tally, type WrapReport } from './wrap-report.js'
import { wrappedSchemeName } from './wrapped-verdict.js'
import { wrapLegacyHash } from './wrapped-hash.js'

export interface WrapJobDeps {
  wrap: WrapStore
  hasher: PasswordHasher
  now: () => number
}

export interface WrapJobOptions {
  tenantIds: string[]
  batchSize: number
  /** argon2 computations in flight (default in the CLI: all cores). */
  concurrency: number
  dryRun: boolean
  /** Bounded runs (admin endpoint): start after this externalId of the (single) tenant. */
  after?: string
  /** Bounded runs: scan at most this many rows, then stop with `nextCursor`. */
  maxRows?: number
  onProgress?: (progress: { scanned: number; candidates: number; report: WrapReport }) => void
}

/**
 * The batch rehash migration: scans each tenant's not-yet-wrapped legacy rows in primary-key
 * order (keyset pagination), wraps those below WRAP_THRESHOLD with argon2id over their digest
 * (bounded concurrency) and writes each with a compare-and-swap keyed on the old hash.
 *
 * Resume needs no checkpoint: a wrapped row leaves the `pending` set in the same statement
 * that wraps it, so a rerun after kill -9 selects exactly the rows not yet written. Work lost
 * to a kill is the hashes in flight (at most `concurrency`), never a committed row.
 */
export async function runWrapJob(deps: WrapJobDeps, options: WrapJobOptions): Promise<WrapReport> {
  const started = performance.now()
  const before = await deps.wrap.countSchemes(options.tenantIds)
  const report: WrapReport = {
    dryRun: options.dryRun,
    tenants: options.tenantIds,
    candidates: await deps.wrap.countPending(options.tenantIds, options.after),
    totals: emptyTally(),
    byScheme: {},
    before,
    after: before,
    hashed: 0,
    durationMs: 0,
    hashesPerSecond: 0,
    complete: true,
    nextCursor: null,
  }
  for (const tenantId of options.tenantIds) {
    const cursor = await wrapTenant(deps, options, report, tenantId)
    if (cursor !== null) {
      report.complete = false
      report.nextCursor = cursor
      break
    }
  }
  report.after = options.dryRun ? before : await deps.wrap.countSchemes(options.tenantIds)
  report.durationMs = performance.now() - started
  report.hashesPerSecond = report.hashed / Math.max(report.durationMs / 1000, 1e-3)
  return report
}

/** One tenant, batch after batch. Returns the cursor when a bounded run stops early. */
type Deps = { hasher: PasswordHasher; now: () => number; wrap: WrapStore }

async function wrapTenant(
  deps: Deps,
  options: WrapJobOptions,
  report: WrapReport,
  tenantId: string,
): Promise<string | null> {
  let cursor = options.after ?? ''
  for (;;) {
    const budget =
      options.maxRows === undefined ? Infinity : options.maxRows - report.totals.scanned
    if (budget <= 0) return (await deps.wrap.hasPendingAfter(tenantId, cursor)) ? cursor : null
    const rows = await deps.wrap.pendingBatch(tenantId, cursor, Math.min(options.batchSize, budget))
    if (rows.length === 0) return null
    await processBatch(deps, options, report, tenantId, rows)
    cursor = rows[rows.length - 1]?.externalId ?? cursor
    options.onProgress?.({ scanned: report.totals.scanned, candidates: report.candidates, report })
  }
}

type Row = WrapCandidate

async function processBatch(
  deps: Deps,
  options: WrapJobOptions,
  report: WrapReport,
  tenantId: string,
  rows: Row[],
) {
  const toWrap: { row: Row; hash: ParsedHash }[] = []
  for (const row of rows) {
    const parsed = parseStoredHash(row.passwordHash)
    const scheme = parsed.ok ? parsed.hash.scheme : 'unknown'
    tally(report, scheme, 'scanned')
    if (!parsed.ok) {
      tally(report, scheme, 'unparseable')
      continue
    }
    const decision = decideWrap(parsed.hash)
    tally(report, scheme, decisionField(decision))
    if (decision.action === 'wrap') toWrap.push({ row, hash: parsed.hash })
  }
  if (options.dryRun) return
  const writes: Promise<void>[] = []
  await mapWithConcurrency(toWrap, options.concurrency, async ({ row, hash }) => {
    const wrapped = await wrapLegacyHash(hash, deps.hasher)
    report.hashed += 1
    if (!wrapped) return tally(report, hash.scheme, 'loginOnly')
    // Written one macrotask later, after this worker has queued its next hash: the argon2
    // threads never sit idle while the main thread runs the UPDATE.
    writes.push(nextTask().then(() => writeWrapped(deps, report, tenantId, row, hash, wrapped)))
  })
  await Promise.all(writes)
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0))

async function writeWrapped(
  deps: Deps,
  report: WrapReport,
  tenantId: string,
  row: Row,
  hash: ParsedHash,
  wrapped: { stored: string; innerScheme: string },
) {
  // CAS on the old hash: a login that upgraded this row meanwhile, or another instance running
  // the job, wins; we skip it, so each account is wrapped once.
  const swapped = await deps.wrap.compareAndSwapHash({
    tenantId,
    externalId: row.externalId,
    expectedHash: row.passwordHash,
    newHash: wrapped.stored,
    scheme: wrappedSchemeName(wrapped.innerScheme),
    now: deps.now(),
    passwordChanged: false,
  })
  tally(report, hash.scheme, swapped ? 'wrapped' : 'raced')
}

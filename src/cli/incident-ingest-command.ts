import { createReadStream, statSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { readUploadLines } from '../accounts/ndjson-lines.js'
import { createStoredHashVerifier } from '../accounts/stored-hash-verifier.js'
import { checkAuditEntry } from '../audit/audit-insert.js'
import { ingestAuditEntries } from '../audit/ingest-audit-entries.js'
import { createCliBuildProgress } from '../breach/corpus/build/build-progress-node.js'
import {
  liveBreachFile,
  openSqliteLiveBreachStore,
} from '../breach/live/sqlite-live-breach-store-node.js'
import { loadNodeSecret } from './cli-node-context.js'
import { availableParallelism } from 'node:os'
import { createTenantAdditions } from '../breach/live/tenant-additions.js'
import { createNodeWorkerArgon2Hasher } from '../hashing/worker-argon2-hasher-node.js'
import { createDigestJobRunner } from '../incidents/digest-job-runner.js'
import { createNodeHashPrimitives } from '../hashing/hash-primitives-node.js'
import { csvRows, ndjsonRows } from '../incidents/exposure-rows.js'
import { DEFAULT_INGEST_BATCH, ingestExposures } from '../incidents/ingest-exposures.js'
import { ingestAuditDetails } from '../incidents/ingest-report.js'
import { systemClock } from '../ports/clock.js'
import { webCryptoRandom } from '../ports/random.js'
import { CliUsageError, type CliCommand } from './cli-command.js'
import { openCliStores } from './open-cli-stores.js'

export const incidentIngestCommand: CliCommand = {
  name: ['incident', 'ingest'],
  summary: 'ingest an exposure list (NDJSON, or CSV with a header) into an incident',
  usage:
    'pwguard incident ingest INCIDENT_ID FILE --tenant ID [--format ndjson|csv] [--batch 20000]',
  async run(args, { config, io, logger }) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        tenant: { type: 'string' },
        format: { type: 'string' },
        batch: { type: 'string' },
      },
    })
    const [incidentId, file] = positionals
    if (!incidentId || !file || positionals.length > 2) {
      throw new CliUsageError('give INCIDENT_ID and FILE')
    }
    if (!values.tenant) throw new CliUsageError('--tenant is required')
    const format = values.format ?? (/\.csv$/i.test(file) ? 'csv' : 'ndjson')
    if (format !== 'csv' && format !== 'ndjson')
      throw new CliUsageError('--format is ndjson or csv')
    // Each batch is one transaction with its audit entry: the unit a crash keeps or loses.
    const batchSize = Number(values.batch ?? DEFAULT_INGEST_BATCH)
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) {
      throw new CliUsageError('--batch must be an integer between 1 and 100000')
    }
    const size = statSync(file).size
    const secret = loadNodeSecret(config, logger)
    // Incidents and exposures go through the store ports (SQLite file or PostgreSQL).
    const { stores, close: closeStores } = await openCliStores(config, secret)
    // The same store the server merges: a running server picks these up within a second.
    const live = openSqliteLiveBreachStore(liveBreachFile(config.corpusDir))
    let closeHasher = async () => {}
    try {
      const incident = await stores.incidents.find(values.tenant, incidentId)
      if (!incident) {
        io.stderr(`no incident ${incidentId} in tenant ${values.tenant}\n`)
        return 2
      }
      // Niced argon2 threads, one per core: the digest job runs at the argon2 bound.
      const threads = availableParallelism()
      const hasher = createNodeWorkerArgon2Hasher(config.argon2, { threads })
      closeHasher = () => hasher.close()
      const verifier = createStoredHashVerifier({
        hasher,
        primitives: createNodeHashPrimitives(hasher),
      })
      const progress = createCliBuildProgress(io.stderr, io.isTTY)
      progress.phase('ingest', size, 'bytes')
      const stream = createReadStream(file, { highWaterMark: 1 << 20 })
      const lines = readUploadLines(stream)
      const started = performance.now()
      const jobStore = stores.digestJob
      const digestJob = createDigestJobRunner({
        store: jobStore,
        hasher,
        now: systemClock.now,
        concurrency: threads,
        logger,
        onChecked: (checked) => jobProgress?.update(checked),
      })
      let jobProgress: ReturnType<typeof createCliBuildProgress> | null = null
      const audit = ingestAuditEntries({
        tenantId: values.tenant,
        incidentId,
        actor: 'cli',
        clock: () => systemClock.now(),
        random: webCryptoRandom,
      })
      const report = await ingestExposures(
        format === 'csv' ? csvRows(lines) : ndjsonRows(lines),
        {
          stores,
          corpus: createTenantAdditions(live, { quota: config.tenantCorpusQuota }),
          verifier,
          secret,
          digestJob,
        },
        {
          tenantId: values.tenant,
          incidentId,
          now: systemClock.now(),
          batchSize,
          auditBatch: audit.batch,
          onProgress: () => progress.update(stream.bytesRead),
        },
      )
      progress.update(size)
      progress.end()
      const ingestSeconds = (performance.now() - started) / 1000
      if (report.digestCandidates > 0) {
        // Wrapped accounts: one argon2 verify each. A kill leaves them pending; rerunning this
        // command with the same list resumes them (the digests are never stored).
        jobProgress = createCliBuildProgress(io.stderr, io.isTTY)
        jobProgress.phase('digest-job', report.digestCandidates, 'verifies')
        await digestJob.drained()
        jobProgress.end()
      }
      const job = await jobStore.read({ tenantId: values.tenant, incidentId })
      const counts = ingestAuditDetails(report)
      const { warnings } = report
      // Each committed batch wrote its own entry; the summary records no change of its own.
      await stores.audit.append(checkAuditEntry(audit.summary(counts)))
      const by = report.passwordMatchesBy
      io.stderr(
        `records ${report.records}, matched ${report.matched}, unmatched ${report.unmatched}, password matches ${report.passwordMatches} (plaintext ${by.plaintext}, hash string ${by.hashString}, digest ${by.digest}), passwords added ${report.passwordsAdded}, refused ${report.passwordsRefused}, duplicates ${report.duplicates}, rejected ${report.rejectedCount} in ${ingestSeconds.toFixed(1)} s (${Math.round(report.records / Math.max(ingestSeconds, 1e-3))} records/s)\n`,
      )
      for (const warning of warnings) io.stderr(`warning ${warning.code}: ${warning.detail}\n`)
      if (job.job) {
        io.stderr(
          `digest job: ${job.job.checked}/${job.job.candidates} wrapped accounts verified, ${job.job.matched} matched, ${job.pending} pending\n`,
        )
      }
      io.stdout(
        `${JSON.stringify({ ...report, digestJob: job.job && { ...job.job, pending: job.pending } })}\n`,
      )
      return report.rejectedCount > 0 ? 3 : 0
    } finally {
      await closeHasher()
      live.close()
      await closeStores()
    }
  },
}

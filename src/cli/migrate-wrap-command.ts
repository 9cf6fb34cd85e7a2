import { asc, eq } from 'drizzle-orm'
import { parseArgs } from 'node:util'
import { availableParallelism } from 'node:os'
import { createNodeWorkerArgon2Hasher } from '../hashing/node-worker-argon2-hasher.js'
import { measureArgon2Rate } from '../migration/measure-argon2-rate.js'
import { runWrapJob } from '../migration/wrap-job.js'
import { createWrapProgress } from '../migration/wrap-progress-node.js'
import { formatWrapReport } from '../migration/wrap-report.js'
import { systemClock } from '../ports/clock.js'
import type { Database } from '../store/database.js'
import { tenants } from '../store/schema.js'
import { openSqliteDriver } from '../store/sqlite-driver.js'
import { CliUsageError, type CliCommand } from './cli-command.js'

export const migrateWrapCommand: CliCommand = {
  name: ['migrate', 'wrap'],
  summary: 'wrap weak legacy hashes in argon2id now (resumable; logins unwrap them later)',
  usage: 'pwguard migrate wrap [--tenant ID] [--dry-run] [--batch 500] [--concurrency CORES]',
  async run(args, { config, io }) {
    const { values } = parseArgs({
      args,
      options: {
        tenant: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        batch: { type: 'string' },
        concurrency: { type: 'string' },
      },
    })
    const batchSize = intFlag(values.batch, 500, 1, 10_000, '--batch')
    const concurrency = intFlag(values.concurrency, availableParallelism(), 1, 256, '--concurrency')
    const driver = openSqliteDriver(config.dbFile)
    // One niced worker thread per concurrent hash: no libuv pool size to tune, and a server
    // on the same machine keeps its event loop responsive while the job runs.
    const hasher = createNodeWorkerArgon2Hasher(config.argon2, { threads: concurrency })
    try {
      const dryRun = values['dry-run']
      const progress = createWrapProgress(io.stderr, io.isTTY)
      const report = await runWrapJob(
        { db: driver.db, hasher, now: systemClock.now },
        {
          tenantIds: await tenantIds(driver.db, values.tenant),
          batchSize,
          concurrency,
          dryRun,
          onProgress: (p) => progress.update(p.scanned, p.candidates, p.report),
        },
      )
      progress.end()
      if (dryRun) {
        const sample = await measureArgon2Rate(hasher, { concurrency })
        report.estimate = {
          sampleHashes: sample.hashes,
          hashesPerSecond: sample.hashesPerSecond,
          seconds: report.totals.toWrap / sample.hashesPerSecond,
        }
      }
      io.stderr(formatWrapReport(report))
      io.stdout(`${JSON.stringify(report)}\n`)
      return 0
    } finally {
      await hasher.close()
      driver.close()
    }
  },
}

async function tenantIds(db: Database, tenant: string | undefined): Promise<string[]> {
  const query = db.select({ id: tenants.id }).from(tenants)
  const rows = tenant
    ? await query.where(eq(tenants.id, tenant))
    : await query.orderBy(asc(tenants.id))
  if (tenant && rows.length === 0) throw new CliUsageError(`no tenant "${tenant}"`)
  return rows.map((row) => row.id)
}

function intFlag(
  text: string | undefined,
  fallback: number,
  min: number,
  max: number,
  name: string,
) {
  if (text === undefined) return fallback
  const value = Number(text)
  if (!Number.isInteger(value) || value < min || value > max)
    throw new CliUsageError(`${name} must be an integer between ${min} and ${max}`)
  return value
}

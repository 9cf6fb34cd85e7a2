import { parseArgs } from 'node:util'
import { availableParallelism } from 'node:os'
import { createNodeWorkerArgon2Hasher } from '../hashing/worker-argon2-hasher-node.js'
import { measureArgon2Rate } from '../migration/measure-argon2-rate.js'
import { runWrapJob } from '../migration/wrap-job.js'
import { createWrapProgress } from '../migration/wrap-progress-node.js'
import { formatWrapReport } from '../migration/wrap-report.js'
import { systemClock } from '../ports/clock.js'
import type { WrapStore } from '../store/ports/wrap-store.js'
import { loadNodeSecret } from './cli-node-context.js'
import { CliUsageError, type CliCommand } from './cli-command.js'
import { openCliStores } from './open-cli-stores.js'

export const migrateWrapCommand: CliCommand = {
  name: ['migrate', 'wrap'],
  summary: 'wrap weak legacy hashes in argon2id now (resumable; logins unwrap them later)',
  usage: 'pwguard migrate wrap [--tenant ID] [--dry-run] [--batch 500] [--concurrency CORES]',
  async run(args, { config, io, logger }) {
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
    // The SQLite file or PWGUARD_DATABASE_URL: two jobs on one database wrap each account once
    // (compare-and-swap in the WrapStore port).
    const { stores, close } = await openCliStores(config, loadNodeSecret(config, logger))
    const { wrap } = stores
    // One niced worker thread per concurrent hash: no libuv pool size to tune, and a server
    // on the same machine keeps its event loop responsive while the job runs.
    const hasher = createNodeWorkerArgon2Hasher(config.argon2, { threads: concurrency })
    try {
      const dryRun = values['dry-run']
      const progress = createWrapProgress(io.stderr, io.isTTY)
      const report = await runWrapJob(
        { wrap, hasher, now: systemClock.now },
        {
          tenantIds: await tenantIds(wrap, values.tenant),
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
      await close()
    }
  },
}

async function tenantIds(wrap: WrapStore, tenant: string | undefined): Promise<string[]> {
  const all = await wrap.tenantIds()
  if (tenant === undefined) return all
  if (!all.includes(tenant)) throw new CliUsageError(`no tenant "${tenant}"`)
  return [tenant]
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

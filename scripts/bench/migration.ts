/**
 * Figures for the batch rehash migration (issue 4), one JSON line each:
 *
 *   npx tsx scripts/bench/migration.ts [--accounts 20000] [--resume-accounts 1000] [--batch 500]
 *     [--segment 1000] [--bound-seconds 4]
 *
 * - `migration_wrap_throughput`: accounts wrapped per second by the real job (keyset batches,
 *   argon2id with OWASP parameters over each digest, one CAS UPDATE per row, SQLite file in
 *   WAL mode) on all cores, vs the argon2 bound: raw argon2id hashes/s with the same
 *   parameters and concurrency. The machine is shared and its load swings by 2x within
 *   minutes, so bound samples (`--bound-seconds`) alternate with job segments of `--segment`
 *   accounts (a bounded run resumed from its cursor, as the admin endpoint does) and each
 *   side's total work is divided by its total time. Goal: ratio >= 0.9.
 * - `migration_resume_after_kill`: a real `pwguard migrate wrap` child is killed with SIGKILL
 *   after a third of its accounts are committed, then run again. Reports rows committed by the
 *   killed run, rows the rerun wrote and hashed, rows rewritten (both runs) and the ratio of
 *   redone work to one batch. Goal: redone <= one batch.
 */
import { spawn, spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { createNodeArgon2Hasher } from '../../src/hashing/argon2-hasher-node.js'
import { OWASP_ARGON2ID } from '../../src/hashing/password-hasher.js'
import { measureArgon2Rate } from '../../src/migration/measure-argon2-rate.js'
import { runWrapJob } from '../../src/migration/wrap-job.js'
import type { WrapReport } from '../../src/migration/wrap-report.js'
import { accounts } from '../../src/store/schema.js'
import { createSqliteWrapStore } from '../../src/store/sqlite/sqlite-wrap-store.js'
import { openSqliteDriver } from '../../src/store/sqlite-driver-node.js'
import { ensureTenant } from '../../src/store/sqlite/sqlite-tenant-seed.js'

const flag = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`)
  return at > 0 ? Number(process.argv[at + 1]) : fallback
}
const ACCOUNTS = flag('accounts', 20_000)
const RESUME_ACCOUNTS = flag('resume-accounts', 1_000)
const BATCH = flag('batch', 500)
/** Accounts per wrap segment and seconds per bound sample between segments. */
const SEGMENT = flag('segment', 1_000)
const BOUND_MS = flag('bound-seconds', 4) * 1000
const CORES = availableParallelism()
const dir = mkdtempSync(join(tmpdir(), 'pwguard-bench-migration-'))

/** `{SSHA}` rows (OpenLDAP's salted SHA-1), inserted straight into a fresh SQLite file. */
async function seed(dbFile: string, count: number) {
  const driver = openSqliteDriver(dbFile)
  await ensureTenant(driver.db, { id: 'bench', name: 'bench' }, Date.now())
  for (let start = 0; start < count; start += 1_000) {
    const rows = Array.from({ length: Math.min(1_000, count - start) }, (_, k) => {
      const salt = randomBytes(4)
      const digest = createHash('sha1')
        .update(`pw-${start + k}`)
        .update(salt)
        .digest()
      return {
        tenantId: 'bench',
        externalId: `u-${String(start + k).padStart(8, '0')}`,
        passwordHash: `{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`,
        scheme: 'ldap_salted_sha1',
        createdAt: Date.now(),
        updatedAt: Date.now(),
      }
    })
    await driver.db.insert(accounts).values(rows)
  }
  return driver
}

async function throughput() {
  const driver = await seed(join(dir, 'throughput.db'), ACCOUNTS)
  const hasher = createNodeArgon2Hasher(OWASP_ARGON2ID)
  const job = { wrap: createSqliteWrapStore(driver.db), hasher, now: Date.now }
  const totals = { wrapped: 0, wrapMs: 0, boundHashes: 0, boundMs: 0, segments: 0 }
  const sampleBound = async () => {
    const sample = await measureArgon2Rate(hasher, { concurrency: CORES, minMs: BOUND_MS })
    totals.boundHashes += sample.hashes
    totals.boundMs += (sample.hashes / sample.hashesPerSecond) * 1000
  }
  // Bound and job alternate in short segments so both see the same (shared, noisy) machine.
  let after: string | undefined
  for (;;) {
    await sampleBound()
    const report = await runWrapJob(job, {
      tenantIds: ['bench'],
      batchSize: BATCH,
      concurrency: CORES,
      dryRun: false,
      maxRows: SEGMENT,
      ...(after === undefined ? {} : { after }),
    })
    totals.wrapped += report.totals.wrapped
    totals.wrapMs += report.durationMs
    totals.segments += 1
    if (report.complete || report.nextCursor === null) break
    after = report.nextCursor
  }
  await sampleBound()
  driver.close()
  const bound = totals.boundHashes / (totals.boundMs / 1000)
  const rate = totals.wrapped / (totals.wrapMs / 1000)
  return {
    figure: 'migration_wrap_throughput',
    accounts: ACCOUNTS,
    wrapped: totals.wrapped,
    seconds: round(totals.wrapMs / 1000),
    segments: totals.segments,
    wrappedPerSecond: round(rate),
    argon2BoundPerSecond: round(bound),
    argon2BoundSeconds: round(totals.boundMs / 1000),
    concurrency: CORES,
    params: OWASP_ARGON2ID,
    ratio: round(rate / bound, 3),
    goal: '>= 0.9',
  }
}

const BIN = 'src/entry/pwguard-bin.mjs'

async function resume() {
  const dbFile = join(dir, 'resume.db')
  ;(await seed(dbFile, RESUME_ACCOUNTS)).close()
  const env = { ...process.env, PWGUARD_DB: dbFile, PWGUARD_LOG: 'silent' as const }
  const args = [BIN, 'migrate', 'wrap', '--batch', String(BATCH), '--concurrency', String(CORES)]
  const child = spawn('node', args, { env, stdio: 'ignore' })
  const started = Date.now()
  const probe = openSqliteDriver(dbFile)
  const committed = () =>
    probe.db.$count(accounts, sql`${accounts.scheme} LIKE 'wrapped:%'`) as Promise<number>
  while ((await committed()) < RESUME_ACCOUNTS / 3 && child.exitCode === null) {
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  child.kill('SIGKILL')
  await new Promise((resolve) => child.on('exit', resolve))
  const firstRun = await committed()
  const killedAfterMs = Date.now() - started
  const rerun = spawnSync('node', args, { env, encoding: 'utf8' })
  const report = JSON.parse(rerun.stdout) as WrapReport
  const total = await committed()
  probe.close()
  // A row rewritten = hashed by the rerun although the killed run had committed it.
  const rewritten = report.hashed - (RESUME_ACCOUNTS - firstRun)
  return {
    figure: 'migration_resume_after_kill',
    accounts: RESUME_ACCOUNTS,
    batch: BATCH,
    killedAfterMs,
    committedByKilledRun: firstRun,
    wrappedByRerun: report.totals.wrapped,
    hashedByRerun: report.hashed,
    wrappedTotal: total,
    rowsRewritten: rewritten,
    lostInFlightAtMost: CORES,
    rerunSeconds: round(report.durationMs / 1000),
    ratio: round(Math.max(rewritten, 0) / BATCH, 3),
    goal: 'rowsRewritten <= batch (ratio <= 1); hashes lost to the kill <= concurrency',
  }
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits))

try {
  console.log(JSON.stringify(await resume()))
  console.log(JSON.stringify(await throughput()))
} finally {
  rmSync(dir, { recursive: true, force: true })
}

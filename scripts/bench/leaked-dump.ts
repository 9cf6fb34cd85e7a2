/**
 * Issue 17, the seed's day at full scale: ACCOUNTS patients imported with SHA-1 hashes, a dump
 * of the same size ingested (half the records carry the leaked hash string, the rest the e-mail
 * only), resets forced on every password match, the Art. 33 report produced. Each step's wall
 * time and the server's peak RSS during it, for two variants run in fresh child processes on
 * the real Node deps (file SQLite, argon2 worker pool, admission control) through the app:
 * `hash` (leaked hash strings) against the baseline `plain` (the same half as plaintext).
 * Then the wrapped-digest job's verifies per second against the argon2 bound measured in the
 * same run (same pool, same concurrency). One JSON line per figure.
 *
 *   BENCH_DUMP_ACCOUNTS=500000 npx tsx scripts/bench/leaked-dump.ts
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { createApp } from '../../src/app/create-app.js'
import { bootstrapAdminKey } from '../../src/auth/bootstrap-admin-key.js'
import { parseConfig } from '../../src/config/config.js'
import { buildNodeDeps } from '../../src/entry/build-node-deps.js'
import { createJsonLogger } from '../../src/ports/logger.js'
import { measureArgon2Rate } from '../../src/migration/measure-argon2-rate.js'
import { sql } from 'drizzle-orm'
import { buildBenchCorpus } from './support/bench-corpus.js'

const ACCOUNTS = Number(process.env.BENCH_DUMP_ACCOUNTS ?? 20_000)
const KEY = 'pwg-bench-dump-bootstrap-key-0123456789'
const auth = { authorization: `Bearer ${KEY}` }
const print = (figure: Record<string, unknown>) => console.log(JSON.stringify(figure))
const sha1 = (text: string) => createHash('sha1').update(text).digest('hex')

async function writeLines(file: string, count: number, line: (i: number) => string) {
  const out = createWriteStream(file)
  for (let i = 0; i < count; i++) {
    if (!out.write(`${line(i)}\n`))
      await new Promise<void>((resolve) => out.once('drain', () => resolve()))
  }
  await new Promise<void>((resolve) => out.end(() => resolve()))
}

/** Peak RSS while `work` runs, sampled every 20 ms (the steps yield between batches). */
async function step<T>(name: string, work: () => Promise<T>, into: Record<string, unknown>) {
  let peak = process.memoryUsage.rss()
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20)
  const started = performance.now()
  const result = await work()
  const ms = performance.now() - started
  clearInterval(timer)
  peak = Math.max(peak, process.memoryUsage.rss())
  into[name] = { ms: Math.round(ms), peakRssMb: Math.round(peak / 2 ** 20) }
  return result
}

async function setUp(variant: string) {
  const dir = mkdtempSync(join(tmpdir(), `pwguard-bench-dump-${variant}-`))
  const corpus = buildBenchCorpus(dir, ['leaked-0', 'leaked-1'])
  const config = parseConfig({
    PWGUARD_DB: join(dir, 'pwguard.db'),
    PWGUARD_CORPUS: corpus,
    PWGUARD_SECRET: 'b'.repeat(40),
    PWGUARD_MAX_IMPORT_BYTES: String(1 << 30),
  })
  const built = await buildNodeDeps(
    config,
    createJsonLogger(() => {}),
  )
  await bootstrapAdminKey(built.deps, { bootstrapKey: KEY, now: Date.now(), generate: false })
  const app = createApp(built.deps)
  const upload = (path: string, file: string) =>
    app.request(path, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/x-ndjson' },
      body: Readable.toWeb(createReadStream(file, { highWaterMark: 1 << 20 })) as ReadableStream,
      duplex: 'half',
    } as RequestInit)
  const post = (path: string, body: unknown) =>
    app.request(path, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  return { dir, config, built, app, upload, post }
}

async function json(res: Response) {
  if (res.status !== 200 && res.status !== 201) throw new Error(`${res.status} ${await res.text()}`)
  return (await res.json()) as Record<string, unknown>
}

async function runVariant(variant: 'hash' | 'plain') {
  const { dir, built, app, upload } = await setUp(variant)
  const password = (i: number) => `patient-password-${i}`
  const email = (i: number) => `patient${i}@example.be`
  const accounts = join(dir, 'accounts.ndjson')
  await writeLines(accounts, ACCOUNTS, (i) =>
    JSON.stringify({
      externalId: `p-${i}`,
      email: email(i),
      hash: sha1(password(i)),
      hint: { algorithm: 'sha1' },
    }),
  )
  const dump = join(dir, 'dump.ndjson')
  await writeLines(dump, ACCOUNTS, (i) =>
    JSON.stringify(
      i % 2 === 1
        ? { email: email(i) }
        : variant === 'hash'
          ? {
              email: email(i),
              passwordHash: sha1(password(i)),
              passwordHashHint: { algorithm: 'sha1' },
            }
          : { email: email(i), password: password(i) },
    ),
  )
  const steps: Record<string, unknown> = {}
  await step('import', async () => json(await upload('/v1/accounts/import', accounts)), steps)
  const incident = await json(
    await app.request('/v1/incidents', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'dump',
        detectedAt: new Date().toISOString(),
        dataClasses: ['password', 'email'],
      }),
    }),
  )
  const id = incident.id as string
  const ingest = await step(
    'ingest',
    async () => json(await upload(`/v1/incidents/${id}/exposures`, dump)),
    steps,
  )
  const reset = await step(
    'forceReset',
    async () =>
      json(
        await app.request(`/v1/incidents/${id}/force-reset`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ scope: 'password_match' }),
        }),
      ),
    steps,
  )
  const report = await step(
    'report',
    async () => json(await app.request(`/v1/incidents/${id}/report`, { headers: auth })),
    steps,
  )
  const subjects = report.dataSubjects as Record<string, unknown>
  print({
    figure: `leaked_dump_${variant}`,
    accounts: ACCOUNTS,
    records: ingest.records,
    passwordMatches: ingest.passwordMatches,
    passwordMatchesBy: ingest.passwordMatchesBy,
    resets: reset.accounts,
    reportExposedAs: subjects.currentPasswordExposedAs,
    steps,
    processPeakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  })
  built.close()
  rmSync(dir, { recursive: true, force: true })
}

function child(variant: string): Record<string, unknown> {
  const run = spawnSync('node', ['--import', 'tsx', 'scripts/bench/leaked-dump.ts', variant], {
    encoding: 'utf8',
    env: process.env,
    maxBuffer: 1 << 26,
  })
  if (run.status !== 0) throw new Error(run.stderr)
  const line = run.stdout.trim().split('\n').pop() ?? '{}'
  console.log(line)
  return JSON.parse(line) as Record<string, unknown>
}

/**
 * The wrapped-digest job: JOB accounts imported as `{SHA}`, wrapped by the migration, their
 * import fingerprints cleared (as for accounts imported before fingerprints, or re-imported
 * after a change: the fingerprint cannot vouch), then a dump of their SHA-1s. Verifies per
 * second against the argon2 bound of the same pool at the same concurrency.
 */
async function runJob() {
  const JOB = Number(process.env.BENCH_DUMP_JOB ?? 200)
  const { dir, config, built, app, upload, post } = await setUp('job')
  const threads = config.argon2Limits.maxConcurrent
  const accounts = join(dir, 'job-accounts.ndjson')
  const digest = (i: number) => createHash('sha1').update(`wrapped-${i}`).digest()
  await writeLines(accounts, JOB, (i) =>
    JSON.stringify({ externalId: `w-${i}`, hash: `{SHA}${digest(i).toString('base64')}` }),
  )
  await json(await upload('/v1/accounts/import', accounts))
  for (let done = false; !done;) {
    const wrap = await json(
      await post('/v1/admin/migration/wrap', { maxAccounts: 5_000, concurrency: threads }),
    )
    done = wrap.complete === true
  }
  await built.driver.db.run(sql`UPDATE accounts SET import_fingerprint = NULL`)
  const incident = await json(
    await post('/v1/incidents', {
      name: 'job',
      detectedAt: new Date().toISOString(),
      dataClasses: ['password'],
    }),
  )
  const id = incident.id as string
  // Rounds alternate a bound window and a slice of the job, so the machine's drifting load
  // (other processes share the cores) weighs on both alike.
  const ROUNDS = 5
  const POLL_MS = Number(process.env.BENCH_DUMP_POLL_MS ?? 250)
  const slice = Math.ceil(JOB / ROUNDS)
  let jobSeconds = 0
  let boundHashes = 0
  let boundSeconds = 0
  let candidates = 0
  let job: Record<string, unknown> = {}
  // CPU seconds of the whole process (main thread and argon2 threads): unlike wall time, other
  // processes on the machine do not move it, so it shows the job's own overhead per verify.
  let boundCpu = 0
  let jobCpu = 0
  const cpu = () => {
    const used = process.cpuUsage()
    return (used.user + used.system) / 1e6
  }
  for (let round = 0; round < ROUNDS; round++) {
    const boundCpuStart = cpu()
    const window = await measureArgon2Rate(built.deps.hasher, {
      concurrency: threads,
      minMs: 3_000,
    })
    boundCpu += cpu() - boundCpuStart
    boundHashes += window.hashes
    boundSeconds += window.hashes / window.hashesPerSecond
    const dump = join(dir, `job-dump-${round}.ndjson`)
    const first = round * slice
    await writeLines(dump, Math.min(slice, JOB - first), (k) =>
      JSON.stringify({
        externalId: `w-${first + k}`,
        passwordSha1: digest(first + k).toString('hex'),
      }),
    )
    const started = Date.now()
    const jobCpuStart = cpu()
    const ingest = await json(await upload(`/v1/incidents/${id}/exposures`, dump))
    candidates += ingest.digestCandidates as number
    // Polled as a console would (a poll costs main-thread CPU the niced argon2 threads need on a
    // small machine); the round ends at the job's last write, so the poll's lag is not counted.
    do {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS))
      job = await json(await app.request(`/v1/incidents/${id}/digest-job`, { headers: auth }))
    } while (job.state !== 'done')
    jobCpu += cpu() - jobCpuStart
    jobSeconds += (Date.parse(job.updatedAt as string) - started) / 1000
  }
  const rate = (job.checked as number) / jobSeconds
  const bound = { hashesPerSecond: boundHashes / boundSeconds }
  print({
    figure: 'digest_job_vs_argon2_bound',
    candidates,
    matched: job.matched,
    threads,
    verifiesPerSecond: Number(rate.toFixed(1)),
    jobReportedPerSecond: job.verifiesPerSecond,
    argon2BoundPerSecond: Number(bound.hashesPerSecond.toFixed(1)),
    ratio: Number((rate / bound.hashesPerSecond).toFixed(3)),
    cpuMsPerVerify: Number(((jobCpu / candidates) * 1000).toFixed(2)),
    cpuMsPerBoundHash: Number(((boundCpu / boundHashes) * 1000).toFixed(2)),
    cpuRatio: Number((boundCpu / boundHashes / (jobCpu / candidates)).toFixed(3)),
    loadavg: (await import('node:os')).loadavg().map((n) => Number(n.toFixed(2))),
    goalRatio: 0.9,
  })
  built.close()
  rmSync(dir, { recursive: true, force: true })
}

const variant = process.argv[2]
if (variant === 'hash' || variant === 'plain') await runVariant(variant)
else if (variant === 'job') await runJob()
else if (variant === undefined) {
  child('job')
  const plain = child('plain')
  const hash = child('hash')
  const ratio = (name: string) => {
    const a = (hash.steps as Record<string, { ms: number; peakRssMb: number }>)[name]
    const b = (plain.steps as Record<string, { ms: number; peakRssMb: number }>)[name]
    return a && b
      ? {
          time: Number((a.ms / b.ms).toFixed(2)),
          peakRss: Number((a.peakRssMb / b.peakRssMb).toFixed(2)),
        }
      : null
  }
  print({
    figure: 'leaked_dump_hash_vs_plain',
    accounts: ACCOUNTS,
    import: ratio('import'),
    ingest: ratio('ingest'),
    forceReset: ratio('forceReset'),
    report: ratio('report'),
    loadavg: (await import('node:os')).loadavg().map((n) => Number(n.toFixed(2))),
  })
}

/**
 * Issue 11's fleet figures: login throughput of two pwguard instances sharing one PostgreSQL
 * (embedded, started here) against one instance on SQLite, on the same machine in the same run
 * (goal ≥ 0.9×: both are argon2-bound, so a second instance on the same cores adds no CPU, and
 * the ratio measures what PostgreSQL costs per login); and /range on each (the corpus is files
 * on every instance, so it should not move). Real server processes, loaded from separate
 * generator processes (test/proof/support/load-generator.ts), one per instance, closed loop.
 * SQLite is measured before and after PostgreSQL and averaged (the shared machine drifts).
 * Prints one JSON line per figure, with the load average.
 */
import { spawn } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { postgresCpuMs, processCpuMs } from './process-cpu.js'
import { startEmbeddedPostgres } from '../../test/support/embedded-postgres-server.js'
import { startFleet } from '../../test/proof/support/fleet.js'
import { startServerProcess, type ServerProcess } from '../../test/proof/support/server-process.js'

const SECONDS = Number(process.env.BENCH_FLEET_SECONDS ?? 8)
const ACCOUNTS = Number(process.env.BENCH_FLEET_ACCOUNTS ?? 60)
const ROUNDS = Number(process.env.BENCH_FLEET_ROUNDS ?? 3)
const KEY = 'pwg-bench-fleet-bootstrap-key-0123456789'
const SECRET = 'bench-fleet-secret-'.padEnd(48, 'y')
const cores = availableParallelism()
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number)

type Route = { p50: number; p99: number; statuses: Record<string, number> }
type Summary = { seconds: number; routes: Record<string, Route> }

function generate(options: object): Promise<Summary> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'node',
      ['--import', 'tsx', 'test/proof/support/load-generator.ts', JSON.stringify(options)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as Summary) : reject(new Error(`generator ${code}`)),
    )
  })
}

const accounts = Array.from({ length: ACCOUNTS }, (_, i) => ({
  externalId: `patient-${i}`,
  password: `Bench ${i} sturdy ${Math.random().toString(36).slice(2)} phrase`,
}))

/**
 * Accounts through the API (argon2id at the default parameters), spread over the instances,
 * a few at a time: all at once would be shed by admission control.
 */
async function createAccounts(instances: ServerProcess[]) {
  for (let i = 0; i < accounts.length; i += 4) {
    await Promise.all(
      accounts.slice(i, i + 4).map(async (account, j) => {
        const { baseUrl } = instances[(i + j) % instances.length]!
        const response = await fetch(`${baseUrl}/v1/accounts`, {
          method: 'POST',
          headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify(account),
        })
        if (response.status !== 201) throw new Error(`account: ${await response.text()}`)
      }),
    )
  }
}

/**
 * CPU milliseconds of the processes' main threads only (the thread whose id is the pid): the
 * HTTP handling and the store drivers, without the argon2 worker threads.
 */
function mainThreadCpuMs(pids: readonly number[]): number {
  let ticks = 0
  for (const pid of pids) {
    const text = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8')
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
    ticks += Number(fields[11]) + Number(fields[12])
  }
  return ticks * 10 // USER_HZ is 100: 10 ms a tick
}

/** Closed-loop logins on every instance at once, one generator each: successful logins/s. */
/** CPU per successful login in the last `loginRate` run: the pwguard processes, PostgreSQL. */
const lastCpu = { nodeMs: 0, mainMs: 0, postgresMs: 0 }

async function loginRate(instances: ServerProcess[]): Promise<number> {
  const pids = instances.map(({ child }) => child.pid!)
  const nodeBefore = processCpuMs(pids)
  const mainBefore = mainThreadCpuMs(pids)
  const postgresBefore = postgresCpuMs(postgresPort)
  const connections = Math.max(2, (4 * cores) / instances.length)
  const runs = await Promise.all(
    instances.map(({ baseUrl }) =>
      generate({
        baseUrl,
        key: KEY,
        accounts,
        seconds: SECONDS,
        connections,
        rate: 0,
        mix: { login: 1 },
        closedLoopLogin: true,
      }),
    ),
  )
  const ok = runs.reduce((sum, run) => sum + (run.routes.login?.statuses['200'] ?? 0), 0)
  lastCpu.nodeMs = (processCpuMs(pids) - nodeBefore) / ok
  lastCpu.mainMs = (mainThreadCpuMs(pids) - mainBefore) / ok
  lastCpu.postgresMs = (postgresCpuMs(postgresPort) - postgresBefore) / ok
  return runs.reduce((sum, run) => sum + (run.routes.login?.statuses['200'] ?? 0) / run.seconds, 0)
}

async function rangeLatency(instance: ServerProcess): Promise<Route & { perSecond: number }> {
  const run = await generate({
    baseUrl: instance.baseUrl,
    key: KEY,
    accounts,
    seconds: 6,
    connections: 20,
    rate: 200,
    mix: { range: 1 },
  })
  const range = run.routes.range!
  return { ...range, perSecond: Math.round((range.statuses['200'] ?? 0) / run.seconds) }
}

const passwords = Array.from({ length: 20_000 }, (_, i) => `leaked-${i}`)
const postgres = await startEmbeddedPostgres()
const postgresPort = Number(new URL(postgres.url).port)
const started: ServerProcess[] = []
// Children outlive a crashed parent: stop them whatever happens.
const stopAll = () => Promise.all(started.map((instance) => instance.stop()))
try {
  await postgres.started
  const fleet = await startFleet({
    count: 2,
    databaseUrl: postgres.url,
    key: KEY,
    secret: SECRET,
    passwords,
  })
  // The single SQLite node serves the same corpus folder with its own database file.
  const single = await startServerProcess({
    PWGUARD_DB: join(fleet.dir, 'single.db'),
    PWGUARD_CORPUS: fleet.env.PWGUARD_CORPUS!,
    PWGUARD_SECRET: SECRET,
    PWGUARD_BOOTSTRAP_KEY: KEY,
    PWGUARD_LOG: 'silent',
  })
  started.push(single, ...fleet.instances)
  await createAccounts([single])
  await createAccounts(fleet.instances)

  // SQLite, PostgreSQL, SQLite, … : each PostgreSQL run is compared with the SQLite runs on
  // either side of it, and the median of those ratios is the figure (the machine drifts).
  const sqliteRuns = [await loginRate([single])]
  const pgRuns: number[] = []
  const loads: number[][] = []
  const cpu = {
    sqliteNode: [lastCpu.nodeMs],
    sqliteMain: [lastCpu.mainMs],
    pgNodes: [] as number[],
    pgMain: [] as number[],
    postgres: [] as number[],
  }
  for (let round = 0; round < ROUNDS; round++) {
    loads.push(loadavg())
    pgRuns.push(await loginRate(fleet.instances))
    cpu.pgNodes.push(lastCpu.nodeMs)
    cpu.pgMain.push(lastCpu.mainMs)
    cpu.postgres.push(lastCpu.postgresMs)
    sqliteRuns.push(await loginRate([single]))
    cpu.sqliteNode.push(lastCpu.nodeMs)
    cpu.sqliteMain.push(lastCpu.mainMs)
  }
  const medianOf = (values: number[]) =>
    Number([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!.toFixed(1))
  const ratios = pgRuns.map((pg, i) => pg / ((sqliteRuns[i]! + sqliteRuns[i + 1]!) / 2))
  const median = [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)]!
  const round1 = (values: number[]) => values.map((value) => Number(value.toFixed(1)))
  console.log(
    JSON.stringify({
      figure: 'fleet_login_throughput',
      postgres2: round1(pgRuns),
      sqlite1: round1(sqliteRuns),
      ratios: ratios.map((ratio) => Number(ratio.toFixed(3))),
      ratio: Number(median.toFixed(3)),
      baseline: 'one instance on SQLite, the runs either side, same run',
      goal: 0.9,
      cores,
      loadavg: loads,
    }),
  )
  // Where the difference goes: on one machine PostgreSQL's backends share the argon2 cores.
  console.log(
    JSON.stringify({
      figure: 'fleet_login_cpu_per_login_ms',
      sqliteNode: medianOf(cpu.sqliteNode),
      postgresNodes: medianOf(cpu.pgNodes),
      postgresServer: medianOf(cpu.postgres),
      // Of the node figures, the main threads (HTTP, store driver): the rest is argon2 workers.
      sqliteNodeMainThread: medianOf(cpu.sqliteMain),
      postgresNodesMainThreads: medianOf(cpu.pgMain),
      ratio: Number(
        ((medianOf(cpu.pgNodes) + medianOf(cpu.postgres)) / medianOf(cpu.sqliteNode)).toFixed(3),
      ),
      baseline: 'CPU per login of the one SQLite node, same run',
    }),
  )
  const rangeSqlite = await rangeLatency(single)
  const rangePg = await rangeLatency(fleet.instances[0]!)
  console.log(
    JSON.stringify({
      figure: 'fleet_range_unchanged',
      sqlite: rangeSqlite,
      postgres: rangePg,
      p99Ratio: Number((rangePg.p99 / rangeSqlite.p99).toFixed(2)),
      baseline: 'GET /range on the SQLite instance, same run',
      loadavg: loadavg(),
    }),
  )
  rmSync(fleet.dir, { recursive: true, force: true })
} finally {
  await stopAll()
  await postgres.stop()
}
process.exit(0)

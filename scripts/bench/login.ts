/**
 * Issue 3's figures on the real Node server (in this process, so its event loop can be
 * watched), loaded from a separate process (test/proof/support/load-generator.ts):
 *  - login throughput with upgrade (each login = one legacy verify + one argon2id hash)
 *    vs the argon2 bound: argon2id hashes/s with OWASP parameters on all cores, same run;
 *  - event-loop lag p99 during the login run (monitorEventLoopDelay);
 *  - /range p99 while logins saturate the CPU vs idle.
 * Prints one JSON line per figure.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { spawnSync } from 'node:child_process'
import { serve } from '@hono/node-server'
import { createApp } from '../../src/app/create-app.js'
import { bootstrapAdminKey } from '../../src/auth/bootstrap-admin-key.js'
import { withLiveCorpus } from '../../src/breach/live/with-live-corpus.js'
import { createRangeFastPathServer } from '../../src/breach/range-server-node.js'
import { parseConfig } from '../../src/config/config.js'
import { buildNodeDeps } from '../../src/entry/build-node-deps.js'
import { createNodeArgon2Hasher } from '../../src/hashing/argon2-hasher-node.js'
import { OWASP_ARGON2ID } from '../../src/hashing/password-hasher.js'
import { measureArgon2Rate } from '../../src/migration/measure-argon2-rate.js'
import { createJsonLogger } from '../../src/ports/logger.js'

const SECONDS = Number(process.env.BENCH_LOGIN_SECONDS ?? 15)
const ACCOUNTS = Number(process.env.BENCH_LOGIN_ACCOUNTS ?? 4_000)
const KEY = 'pwg-bench-login-bootstrap-key-0123456789'
const cores = availableParallelism()

type Summary = {
  routes: Record<
    string,
    { perSecond: number; p50: number; p99: number; statuses: Record<string, number> }
  >
}
const generate = (options: object) =>
  new Promise<Summary>((resolve, reject) => {
    const file = join(dir, `generator-${Math.random().toString(36).slice(2)}.json`)
    writeFileSync(file, JSON.stringify(options))
    const child = spawn(
      'node',
      ['--import', 'tsx', 'test/proof/support/load-generator.ts', `@${file}`],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    let out = ''
    child.stdout.on('data', (chunk) => (out += chunk))
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as Summary) : reject(new Error(`generator ${code}`)),
    )
  })

const dir = mkdtempSync(join(tmpdir(), 'pwguard-bench-login-'))
writeFileSync(
  join(dir, 'passwords.txt'),
  Array.from({ length: 50_000 }, (_, i) => `leaked-${i}`).join('\n'),
)
spawnSync('node', [
  'src/entry/pwguard-bin.mjs',
  'corpus',
  'build',
  '--out',
  join(dir, 'corpus'),
  '--passwords',
  join(dir, 'passwords.txt'),
])
const config = parseConfig({
  PWGUARD_DB: join(dir, 'pwguard.db'),
  PWGUARD_CORPUS: join(dir, 'corpus'),
  PWGUARD_SECRET: 'b'.repeat(40),
  PWGUARD_ARGON2_MAX_QUEUE: '1000',
})
const logger = createJsonLogger(() => {})
const built = await buildNodeDeps(config, logger)
const deps = withLiveCorpus(built.deps)
await bootstrapAdminKey(deps, { bootstrapKey: KEY, now: Date.now(), generate: false })
const app = createApp(deps)
const accounts = Array.from({ length: ACCOUNTS }, (_, i) => ({
  externalId: `patient-${i}`,
  password: `bench-password-${i}`,
}))
await app.request('/v1/accounts/import', {
  method: 'POST',
  headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/x-ndjson' },
  body: accounts
    .map((a) =>
      JSON.stringify({
        externalId: a.externalId,
        hash: createHash('sha1').update(a.password).digest('hex'),
        hint: { algorithm: 'sha1' },
      }),
    )
    .join('\n'),
})
const server = serve({
  fetch: app.fetch,
  port: 0,
  hostname: '127.0.0.1',
  createServer: createRangeFastPathServer(deps),
})
await new Promise((resolve) => server.once('listening', resolve))
const address = server.address()
const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
const base = { baseUrl, key: KEY, accounts }

const bound = async () =>
  (
    await measureArgon2Rate(createNodeArgon2Hasher(OWASP_ARGON2ID), {
      concurrency: cores,
      minMs: 4_000,
    })
  ).hashesPerSecond

// /range idle.
const idle = await generate({ ...base, seconds: 8, connections: 20, rate: 200, mix: { range: 1 } })
// Bound before, logins with lag watched, bound after (the shared machine drifts).
const boundBefore = await bound()
// The histogram records each timer interval; the lag is what exceeds the 1 ms resolution.
const lag = monitorEventLoopDelay({ resolution: 1 })
lag.enable()
// Logins alone for the throughput ratio; then logins with /range traffic for its p99.
const logins = await generate({
  ...base,
  seconds: SECONDS,
  connections: 4 * cores,
  rate: 0,
  mix: { login: 1 },
  closedLoopLogin: true,
})
lag.disable()
const [, busyRange] = await Promise.all([
  generate({
    ...base,
    seconds: 8,
    connections: 4 * cores,
    rate: 0,
    mix: { login: 1 },
    closedLoopLogin: true,
  }),
  generate({ ...base, seconds: 8, connections: 20, rate: 200, mix: { range: 1 } }),
])
const boundAfter = await bound()
const argon2Bound = (boundBefore + boundAfter) / 2
const login = logins.routes.login!
console.log(
  JSON.stringify({
    figure: 'argon2_bound',
    hashesPerSecond: Number(argon2Bound.toFixed(1)),
    before: Number(boundBefore.toFixed(1)),
    after: Number(boundAfter.toFixed(1)),
    params: OWASP_ARGON2ID,
    cores,
  }),
)
console.log(
  JSON.stringify({
    figure: 'login_with_upgrade',
    loginsPerSecond: login.perSecond,
    p50: login.p50,
    p99: login.p99,
    statuses: login.statuses,
    ratio: Number((login.perSecond / argon2Bound).toFixed(3)),
    baseline: 'argon2_bound',
  }),
)
console.log(
  JSON.stringify({
    figure: 'event_loop_lag_during_logins',
    p50Ms: Number((lag.percentile(50) / 1e6 - 1).toFixed(2)),
    p99Ms: Number((lag.percentile(99) / 1e6 - 1).toFixed(2)),
    maxMs: Number((lag.max / 1e6 - 1).toFixed(2)),
  }),
)
const rangeIdle = idle.routes.range!
const rangeBusy = busyRange.routes.range!
console.log(
  JSON.stringify({
    figure: 'range_p99_under_login_load',
    idleP99: rangeIdle.p99,
    busyP99: rangeBusy.p99,
    idleP50: rangeIdle.p50,
    busyP50: rangeBusy.p50,
    ratio: Number((rangeBusy.p99 / rangeIdle.p99).toFixed(2)),
    baseline: 'range p99 idle',
  }),
)
server.close()
built.close()
process.exit(0)

/**
 * Issue 3's figures on the real Node server (in this process, so its event loop can be
 * watched), loaded from a separate process (test/proof/support/load-generator.ts):
 *  - login throughput with upgrade (each login = one legacy verify + one argon2id hash)
 *    vs the argon2 bound: argon2id hashes/s with OWASP parameters on all cores, same run;
 *  - event-loop lag p99 during the login run (monitorEventLoopDelay);
 *  - /range p99 while logins saturate the CPU vs idle.
 * Prints one JSON line per figure.
 */
import { availableParallelism } from 'node:os'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { createNodeArgon2Hasher } from '../../src/hashing/argon2-hasher-node.js'
import { OWASP_ARGON2ID } from '../../src/hashing/password-hasher.js'
import { measureArgon2Rate } from '../../src/migration/measure-argon2-rate.js'
import { startLoginBenchServer } from './support/login-bench-server.js'

const SECONDS = Number(process.env.BENCH_LOGIN_SECONDS ?? 15)
const ACCOUNTS = Number(process.env.BENCH_LOGIN_ACCOUNTS ?? 4_000)
const KEY = 'pwg-bench-login-bootstrap-key-0123456789'
const cores = availableParallelism()

const accounts = Array.from({ length: ACCOUNTS }, (_, i) => ({
  externalId: `patient-${i}`,
  password: `bench-password-${i}`,
}))
const { baseUrl, generate, close } = await startLoginBenchServer({
  name: 'login',
  key: KEY,
  accounts,
  corpusPasswords: Array.from({ length: 50_000 }, (_, i) => `leaked-${i}`),
})
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
close()
process.exit(0)

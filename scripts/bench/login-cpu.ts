/**
 * Issue 14's login figure: server CPU per login beyond its argon2 hash (target <= 10 %).
 *
 *   npx tsx scripts/bench/login-cpu.ts [--seconds 15]
 *
 * The real Node server runs in this process; logins come from a separate process
 * (test/proof/support/load-generator.ts), so the generator's CPU is not counted. Every login is
 * of a legacy SHA-1 account that is upgraded, or of an already upgraded one: exactly one argon2id
 * operation (OWASP parameters) each. CPU is process.cpuUsage (all threads, argon2's included)
 * over the run, divided by the logins answered. Baseline, same run, same process: CPU per
 * argon2id hash from the same hasher. Overhead = CPU per login / CPU per hash - 1.
 */
import { availableParallelism, loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { startLoginBenchServer } from './support/login-bench-server.js'

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '15' } } })
const KEY = 'pwg-bench-login-cpu-bootstrap-key-0123456789'
const cores = availableParallelism()
const accounts = Array.from({ length: 3_000 }, (_, i) => ({
  externalId: `patient-${i}`,
  password: `bench-password-${i}-long-enough`,
}))
const { deps, baseUrl, generate, close } = await startLoginBenchServer({
  name: 'login-cpu',
  key: KEY,
  accounts,
})

/** CPU seconds (all threads) per argon2id hash by the server's own hasher, `cores` at a time. */
async function cpuPerHash(count: number): Promise<number> {
  const before = process.cpuUsage()
  for (let done = 0; done < count; done += cores) {
    await Promise.all(
      Array.from({ length: cores }, (_, i) => deps.hasher.hash(`baseline-${done + i}`)),
    )
  }
  const used = process.cpuUsage(before)
  return (used.user + used.system) / 1e6 / count
}

// Warm-up, not measured: the first hashes pay for worker start-up, JIT and the arena, which
// inflated the first baseline to ~2× the later one and made the overhead come out negative.
await cpuPerHash(4 * cores)
const baselineBefore = await cpuPerHash(40)
const before = process.cpuUsage()
const run = await generate({
  baseUrl,
  key: KEY,
  accounts,
  seconds: Number(values.seconds),
  connections: 2 * cores,
  rate: 0,
  mix: { login: 1 },
  closedLoopLogin: true,
})
const used = process.cpuUsage(before)
const baselineAfter = await cpuPerHash(40)
const login = run.routes.login
const answered = Object.entries(login?.statuses ?? {})
  .filter(([status]) => status === '200')
  .reduce((sum, [, count]) => sum + count, 0)
const perLogin = (used.user + used.system) / 1e6 / answered
const perHash = (baselineBefore + baselineAfter) / 2
console.log(
  JSON.stringify({
    figure: 'login: server CPU per login beyond its argon2id hash',
    logins: answered,
    statuses: login?.statuses,
    cpuMsPerLogin: +(perLogin * 1000).toFixed(2),
    userSystemMsPerLogin: [used.user, used.system].map((us) => +(us / 1000 / answered).toFixed(2)),
    baseline: 'CPU per argon2id hash, same hasher, same process (ms)',
    baselineValue: +(perHash * 1000).toFixed(2),
    baselineBeforeAfterMs: [
      +(baselineBefore * 1000).toFixed(2),
      +(baselineAfter * 1000).toFixed(2),
    ],
    overhead: +(perLogin / perHash - 1).toFixed(3),
    target: '<= 0.10',
    loadavg1m: +(loadavg()[0] ?? 0).toFixed(1),
  }),
)
close()
process.exit(0)

/**
 * Figure: POST /v1/passwords/check latency (p50, p99) and req/s for a mix of weak and strong
 * passwords, against GET /health on the same server in the same run as the baseline.
 *
 *   npx tsx scripts/bench/check.ts [--duration 3] [--connections 10]
 *
 * The server (the real app over in-memory SQLite, a memory corpus of the zxcvbn-ts common
 * password list) runs in a child process on a loopback port; the parent loads it with
 * autocannon. zxcvbn is synchronous, so one server process is bounded by one core: req/s is
 * per core. Cases: `health` (baseline), `mix` (half weak/breached, half strong), `weak`,
 * `strong`, and `long` (1,000-byte passwords: zxcvbn only reads the first 64 code units).
 * Each case runs twice: with one connection for p50/p99 (service time, no queueing) and with
 * `--connections` for req/s. Prints one JSON line per case, with its req/s ratio to /health.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

interface LoadResult {
  requests: { average: number }
  latency: { p50: number; p99: number }
  non2xx: number
  errors: number
}
type Autocannon = (options: Record<string, unknown>) => Promise<LoadResult>
type Request = { method: string; path: string; headers?: Record<string, string>; body?: string }

const flag = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`)
  return at > 0 ? Number(process.argv[at + 1]) : fallback
}

const WEAK = [
  'password',
  'qwerty123456',
  'aaaaaaaaaaaaaaaaaaaa',
  '12345678901234567890',
  'P@ssw0rd2024!',
  'iloveyou',
  'Welkom01',
  'azertyuiop',
]
const STRONG = [
  'paarse olifant fietst traag naar Oostende',
  'Velvet-Tractor-Quinoa-Lighthouse-Mango-Seventeen-Zephyr-Orbit-92',
  'x7#Gq!v2LmZp9@rTk4Wd',
  'Kartoffelsalat mit Senf im Regen',
  'le chat gris dort sur la machine à laver',
  'tulpen-bakfiets-regenjas-frietkot',
  'q8Vd-2mZr-Lp4x-9Tnw-Ks3e',
  'glacier mango trumpet velvet quarry',
]
const LONG = ['correct horse '.repeat(70), 'x7#Gq!v2LmZp9@rT'.repeat(62)]

/** The real app (createTestApp: in-memory SQLite) with a breach corpus of common passwords. */
async function serve(): Promise<void> {
  const { serve: serveNode } = await import('@hono/node-server')
  const { dictionary } = await import('@zxcvbn-ts/language-common')
  const { createMemoryCorpus } = await import('../../src/breach/memory-corpus.js')
  const { sha1Hex } = await import('../../src/breach/sha1-hex.js')
  const { createTestApp } = await import('../../test/support/test-app.js')
  const passwords = [...dictionary['passwords-common'], ...WEAK]
  const hashes = await Promise.all(passwords.map(async (p) => ({ sha1: await sha1Hex(p) })))
  const t = createTestApp({ corpus: createMemoryCorpus(hashes) })
  const auth = await t.keyFor('bench', ['check'])
  serveNode({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
    process.stdout.write(`LISTENING ${info.port} ${auth.authorization}\n`),
  )
}

function startChild(): Promise<{ child: ChildProcess; port: number; authorization: string }> {
  const self = fileURLToPath(import.meta.url)
  const child = spawn(process.execPath, [...process.execArgv, self, '--serve'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    let output = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /LISTENING (\d+) (Bearer \S+)/.exec(output)
      if (match) resolve({ child, port: Number(match[1]), authorization: String(match[2]) })
    })
    child.on('exit', (code) => reject(new Error(`server child exited with ${code}`)))
  })
}

const checkRequests = (passwords: string[], authorization: string): Request[] =>
  passwords.map((password, i) => ({
    method: 'POST',
    path: '/v1/passwords/check',
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify({
      password,
      context: { username: 'jdesmet', email: 'jan.desmet@example.be' },
      locale: (['en', 'nl', 'fr', 'de'] as const)[i % 4],
    }),
  }))

async function load(port: number, requests: Request[], connections: number) {
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: flag('duration', 3),
    requests,
  })
  if (result.non2xx > 0 || result.errors > 0) throw new Error('load run saw errors')
  return {
    reqPerSec: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === '--serve') return serve()
  const { child, port, authorization } = await startChild()
  try {
    // Warm up: the first check builds zxcvbn (~0.3 s) and lets the JIT settle.
    await load(port, checkRequests([...WEAK, ...STRONG], authorization), 2)
    const interleaved = WEAK.flatMap((weak, i) => [weak, STRONG[i] ?? weak])
    const cases: [string, Request[]][] = [
      ['health', [{ method: 'GET', path: '/health' }]],
      ['mix', checkRequests(interleaved, authorization)],
      ['weak', checkRequests(WEAK, authorization)],
      ['strong', checkRequests(STRONG, authorization)],
      ['long', checkRequests(LONG, authorization)],
    ]
    let baseline = { reqPerSec: 0, p50Ms: 0, p99Ms: 0 }
    for (const [name, requests] of cases) {
      const { p50Ms, p99Ms } = await load(port, requests, 1)
      const { reqPerSec } = await load(port, requests, flag('connections', 10))
      const figures = { reqPerSec, p50Ms, p99Ms }
      if (name === 'health') baseline = figures
      const ratio = Number((reqPerSec / baseline.reqPerSec).toFixed(4))
      console.log(
        JSON.stringify({ figure: 'check_latency', case: name, ...figures, baseline, ratio }),
      )
    }
  } finally {
    child.kill()
  }
}

await main()

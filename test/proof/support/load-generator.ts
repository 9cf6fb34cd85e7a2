/**
 * The load generator for the proof suite, run as its own process so it never shares an event
 * loop with the server. Open loop (open-loop.ts): requests are issued at a fixed rate over a
 * pool of keep-alive connections (all opened up front); a request due while every connection is
 * busy is skipped and counted. Prints one JSON summary on stdout.
 *
 * argv: JSON (or `@file` holding it) `{ baseUrl, key, seconds, connections, rate, mix: {range, check, login, import},
 *               accounts: [{externalId, password}], closedLoopLogin?: boolean }`
 */
import { readFileSync } from 'node:fs'
import http from 'node:http'
import { keyedRequest } from './keyed-request.js'
import { openLoop, pickWeighted, randomHex } from './open-loop.js'

interface Options {
  baseUrl: string
  key: string
  seconds: number
  connections: number
  rate: number
  mix: Record<Route, number>
  accounts: { externalId: string; password: string }[]
  closedLoopLogin?: boolean
}
type Route = 'range' | 'check' | 'login' | 'import'

// `@file` passes big option sets (thousands of accounts) that do not fit on a command line.
const argument = process.argv[2] ?? '{}'
const options = JSON.parse(
  argument.startsWith('@') ? readFileSync(argument.slice(1), 'utf8') : argument,
) as Options
const agent = new http.Agent({
  keepAlive: true,
  maxSockets: options.connections,
  scheduling: 'fifo',
})
const stats: Record<
  string,
  { latencies: number[]; statuses: Record<number, number>; errors: number; shed: number }
> = {}
const importedIds: string[] = []
let inFlight = 0
let importSeq = 0

const target = { baseUrl: options.baseUrl, key: options.key, agent, timeoutMs: 30_000 }
const request = (method: string, path: string, body?: string, type?: string) =>
  keyedRequest(target, {
    method,
    path,
    body,
    type,
    // Half the range reads ask for padding, as HIBP's own clients may.
    headers: path.startsWith('/range') && Math.random() < 0.5 ? { 'add-padding': 'true' } : {},
  })

const WEAK = ['password1234567', 'aaaaaaaaaaaaaaaaaa', 'qwertyuiopasdfgh', 'welkom123456789']

function build(route: Route): [string, string, string?, string?] {
  switch (route) {
    case 'range':
      return ['GET', `/range/${randomHex(5)}`]
    case 'check': {
      const password =
        Math.random() < 0.5
          ? WEAK[Math.floor(Math.random() * WEAK.length)]!
          : `${randomHex(6)}-lantern-${randomHex(6)}-orchard`
      return [
        'POST',
        '/v1/passwords/check',
        JSON.stringify({ password, context: { email: 'an@example.be' } }),
      ]
    }
    case 'login': {
      const account = options.accounts[Math.floor(Math.random() * options.accounts.length)]!
      return [
        'POST',
        '/v1/login',
        JSON.stringify({ externalId: account.externalId, password: account.password }),
      ]
    }
    case 'import': {
      const batch = Array.from({ length: 20 }, () => `load-${process.pid}-${importSeq++}`)
      const body = batch
        .map((externalId) =>
          JSON.stringify({ externalId, hash: '$1$saltsalt$NuzA7WTAelpl95xgBGWN60' }),
        )
        .join('\n')
      return ['POST', '/v1/accounts/import', body, 'application/x-ndjson']
    }
  }
}

async function fire(route: Route) {
  const [method, path, body, type] = build(route)
  const entry = (stats[route] ??= { latencies: [], statuses: {}, errors: 0, shed: 0 })
  inFlight += 1
  const started = performance.now()
  try {
    const res = await request(method, path, body, type)
    entry.latencies.push(performance.now() - started)
    entry.statuses[res.status] = (entry.statuses[res.status] ?? 0) + 1
    if (isDesignedShed(res)) entry.shed += 1
    if (route === 'import' && res.status === 200) {
      for (const line of (body ?? '').split('\n'))
        importedIds.push((JSON.parse(line) as { externalId: string }).externalId)
    }
  } catch {
    entry.errors += 1
  } finally {
    inFlight -= 1
  }
}

/** Admission control's answer (503 `overloaded` + Retry-After), as opposed to a failure. */
function isDesignedShed(res: { status: number; text: string; headers: http.IncomingHttpHeaders }) {
  if (res.status !== 503 || !res.headers['retry-after']) return false
  try {
    return (JSON.parse(res.text) as { code?: unknown }).code === 'overloaded'
  } catch {
    return false
  }
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted.length
    ? Number(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(1))
    : null
}

// Open every connection first, so the run really holds `connections` sockets.
await Promise.all(
  Array.from({ length: options.connections }, () => request('GET', '/health').catch(() => null)),
)
/** Every connection sends a login as soon as its last one answered, until the time is up. */
async function closedLoopLogins() {
  const started = performance.now()
  const deadline = started + options.seconds * 1000
  const worker = async () => {
    while (performance.now() < deadline) await fire('login')
  }
  await Promise.all(Array.from({ length: options.connections }, worker))
  return { seconds: (performance.now() - started) / 1000, skipped: 0 }
}

const { seconds, skipped } = options.closedLoopLogin
  ? await closedLoopLogins()
  : await openLoop(options, () =>
      inFlight >= options.connections ? null : fire(pickWeighted(options.mix, 'range')),
    )
const routes = Object.fromEntries(
  Object.entries(stats).map(([route, entry]) => [
    route,
    {
      requests: entry.latencies.length + entry.errors,
      perSecond: Math.round(entry.latencies.length / seconds),
      p50: percentile(entry.latencies, 50),
      p99: percentile(entry.latencies, 99),
      statuses: entry.statuses,
      errors: entry.errors,
      shed: entry.shed,
    },
  ]),
)
process.stdout.write(JSON.stringify({ seconds, skipped, routes, importedIds }) + '\n')
agent.destroy()

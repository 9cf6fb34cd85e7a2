/**
 * The load generator for the proof suite, run as its own process so it never shares an event
 * loop with the server. Open loop: requests are issued at a fixed rate over a pool of keep-alive
 * connections (all opened up front), so a slow server shows up as latency and errors, not as a
 * politely slower client. Prints one JSON summary on stdout.
 *
 * argv: JSON (or `@file` holding it) `{ baseUrl, key, seconds, connections, rate, mix: {range, check, login, import},
 *               accounts: [{externalId, password}], closedLoopLogin?: boolean }`
 */
import { readFileSync } from 'node:fs'
import http from 'node:http'

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
const url = new URL(options.baseUrl)
const agent = new http.Agent({
  keepAlive: true,
  maxSockets: options.connections,
  scheduling: 'fifo',
})
const stats: Record<
  string,
  { latencies: number[]; statuses: Record<number, number>; errors: number }
> = {}
const importedIds: string[] = []
let inFlight = 0
let skipped = 0
let importSeq = 0

function request(method: string, path: string, body?: string, type = 'application/json') {
  return new Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }>(
    (resolve, reject) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          method,
          path,
          agent,
          headers: {
            authorization: `Bearer ${options.key}`,
            ...(body ? { 'content-type': type, 'content-length': Buffer.byteLength(body) } : {}),
            ...(path.startsWith('/range') && Math.random() < 0.5 ? { 'add-padding': 'true' } : {}),
          },
        },
        (res) => {
          let text = ''
          res.setEncoding('utf8')
          res.on('data', (chunk) => (text += chunk))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }))
        },
      )
      req.setTimeout(30_000, () => req.destroy(new Error('timeout')))
      req.on('error', reject)
      req.end(body)
    },
  )
}

const WEAK = ['password1234567', 'aaaaaaaaaaaaaaaaaa', 'qwertyuiopasdfgh', 'welkom123456789']
const hex = (n: number) =>
  Array.from({ length: n }, () => '0123456789ABCDEF'[Math.floor(Math.random() * 16)]).join('')

function build(route: Route): [string, string, string?, string?] {
  switch (route) {
    case 'range':
      return ['GET', `/range/${hex(5)}`]
    case 'check': {
      const password =
        Math.random() < 0.5
          ? WEAK[Math.floor(Math.random() * WEAK.length)]!
          : `${hex(6)}-lantern-${hex(6)}-orchard`
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

function pickRoute(): Route {
  let roll = Math.random()
  for (const [route, share] of Object.entries(options.mix) as [Route, number][]) {
    if ((roll -= share) < 0) return route
  }
  return 'range'
}

async function fire(route: Route) {
  const [method, path, body, type] = build(route)
  const entry = (stats[route] ??= { latencies: [], statuses: {}, errors: 0 })
  inFlight += 1
  const started = performance.now()
  try {
    const res = await request(method, path, body, type)
    entry.latencies.push(performance.now() - started)
    entry.statuses[res.status] = (entry.statuses[res.status] ?? 0) + 1
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
const started = performance.now()
const deadline = started + options.seconds * 1000
if (options.closedLoopLogin) {
  const worker = async () => {
    while (performance.now() < deadline) await fire('login')
  }
  await Promise.all(Array.from({ length: options.connections }, worker))
} else {
  let credit = 0
  let last = performance.now()
  while (performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5))
    const now = performance.now()
    credit += ((now - last) / 1000) * options.rate
    last = now
    for (; credit >= 1; credit -= 1) {
      if (inFlight >= options.connections) skipped += 1
      else void fire(pickRoute())
    }
  }
  while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 20))
}
const seconds = (performance.now() - started) / 1000
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
    },
  ]),
)
process.stdout.write(JSON.stringify({ seconds, skipped, routes, importedIds }) + '\n')
agent.destroy()

/**
 * The multi-instance proof's load generator, its own process: round-robin over several pwguard
 * instances on loopback, like a load balancer with passive health checks (an instance whose
 * connection fails is taken out of the rotation). Open loop at a fixed rate (open-loop.ts): login success and
 * failure, password check, /range, one-time password changes and reset-token consumptions
 * (each token sent twice, to two instances at once), and throttle bursts. Prints `started`,
 * then one JSON summary line (FleetSummary) on stdout.
 *
 * argv: `@file` holding FleetLoadOptions.
 */
import { readFileSync } from 'node:fs'
import http from 'node:http'
import { keyedRequest } from './keyed-request.js'
import type { FleetLoadOptions, FleetSummary, Outcome, WriteRecord } from './fleet-load-types.js'
import { openLoop, pickWeighted, randomHex } from './open-loop.js'

const options = JSON.parse(readFileSync(process.argv[2]!.slice(1), 'utf8')) as FleetLoadOptions
const agents = options.baseUrls.map(() => new http.Agent({ keepAlive: true, maxSockets: 32 }))
const down = new Set<number>()
const perInstance = options.baseUrls.map(() => ({
  statuses: {} as Record<number, number>,
  errors: {} as Record<string, number>,
  inFlight: 0,
  inFlightWhenDown: 0,
}))
const writes: WriteRecord[] = []
const routes: Record<string, Record<string, number>> = {}
let cursor = 0

// The volley's own connections: the rotation's pool may be busy, and it must reach the server.
const volleyAgent = new http.Agent({ keepAlive: false })

function send(
  instance: number,
  method: string,
  path: string,
  body?: object,
  agent = agents[instance]!,
): Promise<Outcome> {
  const stats = perInstance[instance]!
  stats.inFlight++
  const target = {
    baseUrl: options.baseUrls[instance]!,
    key: options.key,
    agent,
    timeoutMs: 20_000,
  }
  return keyedRequest(target, { method, path, body: body && JSON.stringify(body) })
    .then(
      (res): Outcome => ({ instance, status: res.status }),
      (error: NodeJS.ErrnoException): Outcome => {
        // The first failure takes the instance out; what was still open on it is what it lost.
        if (!down.has(instance)) stats.inFlightWhenDown = stats.inFlight
        down.add(instance)
        return { instance, error: error.code ?? error.message }
      },
    )
    .then((outcome) => {
      stats.inFlight--
      if (outcome.status) stats.statuses[outcome.status] = (stats.statuses[outcome.status] ?? 0) + 1
      if (outcome.error) stats.errors[outcome.error] = (stats.errors[outcome.error] ?? 0) + 1
      return outcome
    })
}

/** The next live instance in the rotation. */
function next(): number {
  for (let i = 0; i < options.baseUrls.length; i++) {
    const instance = cursor++ % options.baseUrls.length
    if (!down.has(instance)) return instance
  }
  throw new Error('every instance is down')
}

function count(route: string, outcome: Outcome) {
  const key = outcome.error ? `error:${outcome.error}` : String(outcome.status)
  const table = (routes[route] ??= {})
  table[key] = (table[key] ?? 0) + 1
}

const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!
let unknownSeq = 0

async function mixed(route: string): Promise<void> {
  const instance = next()
  const login = pick(options.loginAccounts)
  const outcome =
    route === 'login_ok'
      ? await send(instance, 'POST', '/v1/login', login)
      : route === 'login_wrong'
        ? await send(instance, 'POST', '/v1/login', {
            // A fresh unknown account each time: a wrong password that no throttle has counted.
            externalId: `nobody-${process.pid}-${unknownSeq++}`,
            password: 'not-the-password-at-all',
          })
        : route === 'check'
          ? await send(instance, 'POST', '/v1/passwords/check', {
              password: `Fleet ${randomHex(12)}`,
            })
          : await send(instance, 'GET', `/range/${randomHex(5)}`)
  count(route, outcome)
}

async function change(
  item: FleetLoadOptions['changes'][number],
  target?: { instance: number; agent: http.Agent },
): Promise<void> {
  const body = { currentPassword: item.current, newPassword: item.next }
  const path = `/v1/accounts/${item.externalId}/password`
  const outcome = await send(target?.instance ?? next(), 'POST', path, body, target?.agent)
  count('change', outcome)
  writes.push({ kind: 'change', externalId: item.externalId, outcomes: [outcome] })
}

async function reset(item: FleetLoadOptions['resets'][number]): Promise<void> {
  const path = `/v1/accounts/${item.externalId}/password`
  const body = { resetToken: item.token, newPassword: item.next }
  // The same token to two instances at once: exactly one may spend it.
  const outcomes = await Promise.all([
    send(next(), 'POST', path, body),
    send(next(), 'POST', path, body),
  ])
  for (const outcome of outcomes) count('reset', outcome)
  writes.push({ kind: 'reset', externalId: item.externalId, outcomes })
}

async function burst(spec: FleetLoadOptions['bursts'][number]) {
  const began = performance.now()
  const attempts = Array.from({ length: spec.attempts }, (_, i) =>
    send(next(), 'POST', '/v1/login', {
      externalId: spec.kind === 'account' ? spec.externalId : `spray-${process.pid}-${i}`,
      password: `guess-${i}-${randomHex(8)}`,
      client: { ip: spec.ip },
    }),
  )
  const outcomes = await Promise.all(attempts)
  const statuses: Record<string, number> = {}
  for (const outcome of outcomes) {
    const key = outcome.error ? `error:${outcome.error}` : String(outcome.status)
    statuses[key] = (statuses[key] ?? 0) + 1
  }
  return { ...spec, statuses, ms: Math.round(performance.now() - began) }
}

const started = performance.now()
process.stdout.write('started\n')
const total = Math.round(options.rate * options.seconds)
const writesEvery = Math.max(
  1,
  Math.floor(total / (options.changes.length + options.resets.length)),
)
const changes = [...options.changes]
const resets = [...options.resets]
const bursts = options.bursts.map(
  (spec) =>
    new Promise<Awaited<ReturnType<typeof burst>>>((resolve) =>
      setTimeout(() => void burst(spec).then(resolve), spec.atMs),
    ),
)
const { volley } = options
const volleyDone = new Promise<void>((resolve) =>
  setTimeout(() => {
    const target = { instance: volley.instance, agent: volleyAgent }
    const sent = volley.changes.map((item) => change(item, target))
    void Promise.all(sent).then(() => resolve())
  }, volley.atMs),
)
await openLoop(options, (i) => {
  if (i % writesEvery === 0 && (changes.length || resets.length)) {
    // Changes and resets take turns, so both straddle the kill.
    const takeChange = changes.length > 0 && (resets.length === 0 || (i / writesEvery) % 2 === 0)
    return takeChange ? change(changes.shift()!) : reset(resets.shift()!)
  }
  return mixed(pickWeighted(options.mix, 'check'))
})
// Whatever the schedule did not reach still runs once: every write item gets its attempt.
await Promise.all([...changes.map((item) => change(item)), ...resets.map((item) => reset(item))])
await volleyDone
const summary: FleetSummary = {
  seconds: (performance.now() - started) / 1000,
  requests: total,
  down: [...down],
  perInstance: perInstance.map(({ statuses, errors, inFlightWhenDown }) => ({
    statuses,
    errors,
    inFlightWhenDown,
  })),
  routes,
  writes,
  bursts: await Promise.all(bursts),
}
process.stdout.write(JSON.stringify(summary) + '\n')
for (const agent of agents) agent.destroy()

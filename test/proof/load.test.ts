import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServerWithCorpus, type ServerProcess } from './support/server-process.js'

/**
 * Mixed load from a separate process over 1,000 keep-alive connections: range 60 %, check
 * 25 %, login 10 %, import 5 %. Two minutes in CI (PWGUARD_LOAD_SECONDS=600 for the soak).
 * Then a closed-loop login flood shows admission control: 503 + Retry-After, never a queue
 * without bound. Figures are printed as JSON lines for the README.
 */
const SECONDS = Number(process.env.PWGUARD_LOAD_SECONDS ?? 120)
const CONNECTIONS = Number(process.env.PWGUARD_LOAD_CONNECTIONS ?? 1000)
const RATE = Number(process.env.PWGUARD_LOAD_RATE ?? 200)
const KEY = 'pwg-load-test-bootstrap-key-0123456789'
const ACCOUNTS = Array.from({ length: 400 }, (_, i) => ({
  externalId: `patient-${i}`,
  password: `load-password-${i}`,
}))

type Summary = {
  seconds: number
  skipped: number
  routes: Record<
    string,
    {
      requests: number
      perSecond: number
      p50: number
      p99: number
      statuses: Record<string, number>
      errors: number
      shed: number
    }
  >
  importedIds: string[]
}

function runGenerator(options: object): Promise<Summary> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'node',
      ['--import', 'tsx', 'test/proof/support/load-generator.ts', JSON.stringify(options)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    let out = ''
    child.stdout.on('data', (chunk) => (out += chunk))
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out) as Summary)
        : reject(new Error(`generator exited ${code}`)),
    )
  })
}

describe('mixed load on the real server', () => {
  let dir: string
  let server: ServerProcess
  beforeAll(async () => {
    const started = await startServerWithCorpus({
      passwords: [
        'password1234567',
        'welkom123456789',
        ...Array.from({ length: 20_000 }, (_, i) => `breached-${i}`),
      ],
      key: KEY,
      env: {
        PWGUARD_MAX_IMPORT_BYTES: String(1 << 20),
        // One tenant is the whole load here: it may use the whole hashing queue, as every caller
        // could before per-tenant quotas (¾ of it by default; fairness is proven elsewhere).
        PWGUARD_ARGON2_MAX_QUEUE_PER_TENANT: '64',
      },
    })
    ;({ server, dir } = started)
    const body = ACCOUNTS.map(({ externalId, password }) =>
      JSON.stringify({
        externalId,
        hash: createHash('sha1').update(password).digest('hex'),
        hint: { algorithm: 'sha1' },
      }),
    ).join('\n')
    const res = await fetch(`${server.baseUrl}/v1/accounts/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/x-ndjson' },
      body,
    })
    expect(res.status).toBe(200)
  }, 180_000)
  afterAll(async () => {
    await server?.stop()
  })

  describe(`${CONNECTIONS} connections for ${SECONDS} s`, () => {
    const rss: number[] = []
    let summary: Summary
    let stored: number
    beforeAll(
      async () => {
        const sampler = setInterval(() => rss.push(server.rssKib()), 2_000)
        summary = await runGenerator({
          baseUrl: server.baseUrl,
          key: KEY,
          seconds: SECONDS,
          connections: CONNECTIONS,
          rate: RATE,
          mix: { range: 0.6, check: 0.25, login: 0.1, import: 0.05 },
          accounts: ACCOUNTS,
        })
        clearInterval(sampler)
        const db = new Database(join(dir, 'pwguard.db'), { readonly: true })
        const row = db
          .prepare("SELECT count(*) AS n FROM accounts WHERE external_id LIKE 'load-%'")
          .get() as { n: number }
        stored = row.n
        db.close()
      },
      (SECONDS + 120) * 1000,
    )

    it('answers every route: no 5xx but a rare designed shed, no socket error, nothing skipped', () => {
      let requests = 0
      let shed = 0
      for (const [route, figures] of Object.entries(summary.routes)) {
        console.log(
          JSON.stringify({
            figure: `load_${route}`,
            connections: CONNECTIONS,
            seconds: SECONDS,
            ...figures,
          }),
        )
        // A 503 `overloaded` with Retry-After is admission control doing its job at a burst
        // (the argon2 queue is bounded on purpose); any other 5xx is a failure.
        const failures = Object.entries(figures.statuses)
          .map(([status, count]) => [status, status === '503' ? count - figures.shed : count])
          .filter(([status, count]) => Number(status) >= 500 && Number(count) > 0)
        expect(failures, `${route} 5xx`).toEqual([])
        expect(figures.errors, `${route} socket errors`).toBe(0)
        expect(
          Object.keys(figures.statuses).every((status) => status === '200' || status === '503'),
          `${route} statuses ${JSON.stringify(figures.statuses)}`,
        ).toBe(true)
        requests += figures.requests
        shed += figures.shed
      }
      // The steady mix stays well under the hashing bound: sheds are bursts, under 1 % in all.
      expect(shed / requests).toBeLessThan(0.01)
      expect(summary.skipped).toBe(0)
    })

    it('loses no write: every acknowledged import is in the database, no more, no less', () => {
      expect(stored).toBe(summary.importedIds.length)
      expect(stored).toBeGreaterThan(0)
    })

    it('keeps memory flat', () => {
      // RSS swings ±15 % with the allocator (every argon2 hash takes and frees 19 MiB on a
      // worker thread) while bounded caches (range bodies, SQLite pages, zxcvbn) fill during
      // the first half, so growth compares medians of the last two quarters. A leak keeps the
      // median rising; the swing and the filled caches do not.
      const quarter = Math.floor(rss.length / 4)
      const median = (values: number[]) =>
        [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
      const settled = median(rss.slice(2 * quarter, 3 * quarter))
      const last = median(rss.slice(-quarter))
      const growth = last / settled - 1
      console.log(
        JSON.stringify({
          figure: 'load_rss',
          samples: rss.length,
          settledMedianKib: settled,
          lastMedianKib: last,
          maxKib: Math.max(...rss),
          growth: Number(growth.toFixed(3)),
        }),
      )
      expect(growth).toBeLessThan(0.1)
    })
  })

  it('sheds a login flood with 503 + Retry-After instead of queueing without bound', async () => {
    const summary = await runGenerator({
      baseUrl: server.baseUrl,
      key: KEY,
      seconds: 10,
      connections: Math.min(CONNECTIONS, 400),
      rate: 0,
      mix: { login: 1 },
      accounts: ACCOUNTS,
      closedLoopLogin: true,
    })
    const login = summary.routes.login!
    console.log(JSON.stringify({ figure: 'load_login_flood', ...login }))
    expect(login.statuses['503'] ?? 0).toBeGreaterThan(0)
    expect(login.statuses['200'] ?? 0).toBeGreaterThan(0)
    expect(Object.keys(login.statuses).filter((s) => s !== '200' && s !== '503')).toEqual([])
    // Every 503 is the designed shed (code `overloaded` with Retry-After), not a failure.
    expect(login.shed).toBe(login.statuses['503'])
    // Bounded queue: even the slowest answer comes back within about the flood's own length (no
    // minutes-long backlog). A shed is decided before the throttle reservation, so it writes
    // nothing; the bound stays 15 s (p99 measured 10.6 s when a shed still cost two writes).
    expect(login.p99).toBeLessThan(15_000)
    const probe = await fetch(`${server.baseUrl}/health`)
    expect(probe.status).toBe(200)
  }, 120_000)
})

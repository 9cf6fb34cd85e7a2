import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accountSubject } from '../../src/accounts/attempt-gate.js'
import { ACCOUNT_RULE, IP_RULE } from '../../src/accounts/login-throttle.js'
import { PG_MIGRATIONS_FOLDER } from '../../src/store/pg-migrate-node.js'
import {
  startEmbeddedPostgres,
  type EmbeddedPostgresServer,
} from '../support/embedded-postgres-server.js'
import { startFleet, type Fleet } from './support/fleet.js'
import type { FleetLoadOptions, FleetSummary } from './support/fleet-load-types.js'
import {
  issueResetTokens,
  passwordHashes,
  runGenerator,
  triesWithin,
} from './support/fleet-proof-steps.js'

/**
 * Three real pwguard processes on one PostgreSQL, a round-robin load generator in its own
 * process, and kill -9 of one instance mid-run: no write lost or applied twice (read back from
 * the database), no 5xx from the survivors, throttling that holds across instances, and an
 * audit chain that verifies afterwards.
 */
const KEY = 'pwg-fleet-proof-bootstrap-key-0123456789'
const SECRET = 'fleet-proof-secret-'.padEnd(48, 'x')
const METRICS_TOKEN = 'fleet-proof-metrics-token'
const SECONDS = Number(process.env.PWGUARD_FLEET_SECONDS ?? 15)
const RATE = Number(process.env.PWGUARD_FLEET_RATE ?? 25)
const KILLED = 2
const strong = () => `Sturdy ${randomBytes(9).toString('base64url')} phrase`
const accounts = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ externalId: `${prefix}-${i}`, password: strong() }))

const loginAccounts = accounts('patient', 10)
const changeAccounts = accounts('change', 40)
const resetAccounts = accounts('reset', 40)
const guessAccounts = accounts('guess', 2)
const volleyAccounts = accounts('volley', 12)
const toChange = (list: { externalId: string; password: string }[]) =>
  list.map(({ externalId, password }) => ({ externalId, current: password, next: strong() }))

async function post(baseUrl: string, path: string, body: object) {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: response.status, body: await response.text() }
}

describe('three instances on one PostgreSQL', () => {
  let postgres: EmbeddedPostgresServer | null = null
  let db: pg.Client
  let fleet: Fleet

  beforeAll(async () => {
    let serverUrl = process.env.PWGUARD_TEST_DATABASE_URL
    if (!serverUrl) {
      postgres = await startEmbeddedPostgres()
      await postgres.started
      serverUrl = postgres.url
    }
    const name = `pwguard_fleet_${randomBytes(4).toString('hex')}`
    const admin = new pg.Client({ connectionString: serverUrl })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${name}`)
    await admin.end()
    const url = new URL(serverUrl)
    url.pathname = `/${name}`
    fleet = await startFleet({
      count: 3,
      databaseUrl: url.toString(),
      key: KEY,
      secret: SECRET,
      passwords: ['password', '123456', 'qwerty', 'welkom01', 'Summer2017!'],
      env: {
        // Cheap argon2: the proof is about correctness, and three instances share two cores.
        PWGUARD_ARGON2_MEMORY_KIB: '8192',
        PWGUARD_ARGON2_ITERATIONS: '1',
        PWGUARD_DATABASE_POOL_SIZE: '5',
        PWGUARD_METRICS_TOKEN: METRICS_TOKEN,
      },
    })
    db = new pg.Client({ connectionString: url.toString() })
    await db.connect()
  })

  afterAll(async () => {
    await db?.end()
    // The killed one has no exit left to wait for.
    const running = fleet?.instances.filter(({ child }) => child.signalCode === null) ?? []
    await Promise.all(running.map((instance) => instance.stop()))
    if (fleet) rmSync(fleet.dir, { recursive: true, force: true })
    await postgres?.stop()
  })

  it('started together: migrations applied once, one bootstrap key, /ready and /metrics on PostgreSQL', async () => {
    const committed = readMigrationFiles({ migrationsFolder: PG_MIGRATIONS_FOLDER }).length
    const applied = fleet.instances.map((instance) => {
      const line = instance
        .logs()
        .split('\n')
        .find((l) => l.includes('postgresql ready'))
      return (JSON.parse(line!) as { migrationsApplied: number }).migrationsApplied
    })
    expect(applied.reduce((a, b) => a + b, 0)).toBe(committed)
    const keys = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM api_keys')
    expect(keys.rows[0]!.n).toBe(1)
    for (const { baseUrl } of fleet.instances) {
      const ready = await fetch(`${baseUrl}/ready`)
      expect(ready.status).toBe(200)
      const { checks } = (await ready.json()) as { checks: Record<string, boolean> }
      expect(checks).toMatchObject({ database: true, migrations: true, corpus: true })
      const metrics = await fetch(`${baseUrl}/metrics`, {
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      })
      expect(await metrics.text()).toMatch(/pwguard_db_pool_connections\{state="total"\} [1-5]/)
    }
  })

  let summary: FleetSummary
  let before: Map<string, string>

  it(
    'mixed load round-robin with kill -9 of one instance mid-run',
    { timeout: 120_000 },
    async () => {
      // Accounts made through the API, round-robin: each later request may land on another node.
      const all = [
        ...loginAccounts,
        ...changeAccounts,
        ...resetAccounts,
        ...guessAccounts,
        ...volleyAccounts,
      ]
      for (let i = 0; i < all.length; i += 3) {
        const batch = all.slice(i, i + 3)
        const created = await Promise.all(
          batch.map((account, j) => post(fleet.instances[j]!.baseUrl, '/v1/accounts', account)),
        )
        for (const { status, body } of created) expect(status, body).toBe(201)
      }
      const resets = await issueResetTokens(
        fleet.instances.map((instance) => instance.baseUrl),
        KEY,
        resetAccounts.map(({ externalId }) => ({ externalId, next: strong() })),
      )
      before = await passwordHashes(db)
      const killAtMs = Math.round(SECONDS * 400)
      const options: FleetLoadOptions = {
        baseUrls: fleet.instances.map((instance) => instance.baseUrl),
        key: KEY,
        seconds: SECONDS,
        rate: RATE,
        mix: { login_ok: 30, login_wrong: 15, check: 35, range: 20 },
        loginAccounts,
        changes: toChange(changeAccounts),
        resets,
        // Leaves them ~40 ms to be parsed and reach argon2 before the kill.
        volley: { atMs: killAtMs - 40, instance: KILLED, changes: toChange(volleyAccounts) },
        bursts: [
          { kind: 'account', externalId: 'guess-0', attempts: 30, ip: '203.0.113.7', atMs: 1_500 },
          { kind: 'ip', attempts: 45, ip: '198.51.100.9', atMs: 3_000 },
          {
            kind: 'account',
            externalId: 'guess-1',
            attempts: 30,
            ip: '203.0.113.8',
            atMs: killAtMs + 2_500,
          },
        ],
      }
      const file = join(fleet.dir, 'load.json')
      writeFileSync(file, JSON.stringify(options))
      summary = await runGenerator(file, () => {
        setTimeout(() => fleet.instances[KILLED]!.child.kill('SIGKILL'), killAtMs)
      })
      expect(summary.down).toEqual([KILLED])
      console.log(JSON.stringify({ figure: 'fleet_load', ...summary, writes: undefined }))
      for (const [i, instance] of summary.perInstance.entries()) {
        if (i === KILLED) continue
        const fivexx = Object.entries(instance.statuses).filter(([status]) => Number(status) >= 500)
        expect(fivexx, `5xx from survivor ${i}`).toEqual([])
        expect(instance.errors, `socket errors from survivor ${i}`).toEqual({})
      }
    },
  )

  it('no write lost, none applied twice: read back from PostgreSQL', async () => {
    const after = await passwordHashes(db)
    const audits = await db.query<{ target: string; n: number }>(
      `SELECT target, count(*)::int AS n FROM audit_log
       WHERE action = 'account.password_changed' GROUP BY target`,
    )
    const auditCount = new Map(audits.rows.map((row) => [row.target, row.n]))
    const spent = await db.query<{ external_id: string; used: boolean }>(
      'SELECT external_id, used_at IS NOT NULL AS used FROM reset_tokens',
    )
    const tokenUsed = new Map(spent.rows.map((row) => [row.external_id, row.used]))
    const tally = { writes: 0, applied: 0, lost: 0, doubled: 0, inDoubt: 0, inDoubtApplied: 0 }
    for (const write of summary.writes) {
      tally.writes++
      const applied = after.get(write.externalId) !== before.get(write.externalId)
      const entries = auditCount.get(write.externalId) ?? 0
      const ok = write.outcomes.filter((outcome) => outcome.status === 204).length
      const unknown = write.outcomes.some((outcome) => outcome.error)
      // Reset mid-request: the server had it and died before answering.
      const inDoubt = write.outcomes.some((outcome) => outcome.error === 'ECONNRESET')
      if (applied) tally.applied++
      if (inDoubt) tally.inDoubt++
      if (inDoubt && applied) tally.inDoubtApplied++
      // One audit entry per applied change, written in the same transaction as the change.
      if (entries !== (applied ? 1 : 0) || ok > 1) tally.doubled++
      // A 204 that is not in the database, or (nothing in doubt) a write nobody could make.
      if ((ok > 0 && !applied) || (!unknown && ok !== 1)) tally.lost++
      if (write.kind === 'reset') expect(tokenUsed.get(write.externalId)).toBe(applied)
    }
    const killed = summary.perInstance[KILLED]!
    const atKill = {
      openRequests: killed.errors['ECONNRESET'] ?? 0,
      queuedClientSide: killed.errors['ECONNREFUSED'] ?? 0,
    }
    console.log(JSON.stringify({ figure: 'fleet_writes', ...tally, atKill }))
    expect(tally.writes).toBe(changeAccounts.length + resetAccounts.length + volleyAccounts.length)
    expect(tally.lost).toBe(0)
    expect(tally.doubled).toBe(0)
  })

  it('throttling holds across instances: a guesser gets no more tries than the limit', async () => {
    for (const burst of summary.bursts) {
      const rule = burst.kind === 'account' ? ACCOUNT_RULE : IP_RULE
      const limit = triesWithin(rule, burst.ms)
      const tried = burst.statuses['401'] ?? 0
      console.log(JSON.stringify({ figure: 'fleet_throttle', ...burst, limit }))
      expect(tried).toBeGreaterThan(0)
      expect(tried).toBeLessThanOrEqual(limit)
      // Only throttle answers and the killed instance's dropped sockets besides the tries.
      const others = Object.keys(burst.statuses).filter((k) => k !== '401' && k !== '429')
      expect(others.every((k) => k.startsWith('error:'))).toBe(true)
    }
    // Every try was counted once, by whichever instance took it (the last burst ran on the
    // survivors only, so no answer is in doubt).
    const last = summary.bursts.at(-1)!
    const counted = await db.query<{ failures: number }>(
      `SELECT failures FROM login_throttle WHERE subject = $1`,
      [accountSubject('guess-1')],
    )
    expect(counted.rows[0]?.failures).toBe(last.statuses['401'])
  })

  it('the audit chain verifies afterwards (pwguard audit verify on PostgreSQL)', () => {
    const run = spawnSync('node', ['src/entry/pwguard-bin.mjs', 'audit', 'verify'], {
      env: { ...process.env, ...fleet.env },
      encoding: 'utf8',
    })
    expect(run.status, run.stdout + run.stderr).toBe(0)
    const entries = Number(/ok, (\d+) entries/.exec(run.stdout)?.[1])
    // The bootstrap entry plus one per applied password change at least.
    expect(entries).toBeGreaterThan(changeAccounts.length / 2)
    // Every write of every instance went to PostgreSQL: the SQLite file was never created.
    expect(existsSync(fleet.env.PWGUARD_DB!)).toBe(false)
  })

  it('a survivor drains on SIGTERM, closes its pool and exits 0', async () => {
    const survivor = fleet.instances[0]!
    await survivor.stop()
    expect(survivor.child.exitCode).toBe(0)
    expect(survivor.logs()).toMatch(/"stopped".*"cut":false/)
  })
})

import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createMemoryCorpus } from '../../src/breach/memory-corpus.js'
import { createRangeFastPathServer } from '../../src/breach/range-server-node.js'
import { outboxBacklog } from '../../src/entry/outbox-backlog.js'
import { createBoundedHasher } from '../../src/hashing/bounded-password-hasher.js'
import { createNodeArgon2Hasher } from '../../src/hashing/argon2-hasher-node.js'
import type { PasswordHasher } from '../../src/hashing/password-hasher.js'
import { pgPoolStats } from '../../src/meta/pg-pool-stats.js'
import { createPromMetrics } from '../../src/meta/prom-metrics-node.js'
import { webhookOutbox } from '../../src/store/schema.js'
import { openPgDriver } from '../../src/store/pg-driver-node.js'
import { MD5_CRYPT, STRONG_PASSWORD, sha1Upper } from '../support/accounts-fixtures.js'
import { importAccounts } from '../support/admin-requests.js'
import { createTestApp, jsonRequest, TEST_ARGON2 } from '../support/test-app.js'
import { createTestDatabase } from '../support/test-database.js'

const TOKEN = 'metrics-token-0123456789'
const scrape = { headers: { authorization: `Bearer ${TOKEN}` } }

/** argon2 that takes 100 ms per verify, so concurrent logins overlap and the queue fills. */
function slowHasher(): PasswordHasher {
  const inner = createNodeArgon2Hasher(TEST_ARGON2)
  return {
    ...inner,
    verify: async (phc, password) => {
      await new Promise((resolve) => setTimeout(resolve, 100))
      return inner.verify(phc, password)
    },
  }
}

/** Accounts, logins of every outcome, a shed burst, two range reads and four outbox events. */
async function realTraffic() {
  const hasher = createBoundedHasher(slowHasher(), { maxConcurrent: 1, maxQueued: 1 })
  let backlog = async () => 0
  const metrics = createPromMetrics(TOKEN, {
    hasherStats: () => hasher.stats(),
    outboxBacklog: () => backlog(),
  })
  const t = createTestApp({
    corpus: createMemoryCorpus([{ sha1: sha1Upper(MD5_CRYPT.password), count: 42 }]),
    deps: { hasher, metrics },
  })
  backlog = outboxBacklog(t.deps.stores.consoleQueries)
  const login = await t.keyFor('clinic', ['login'])
  const admin = await t.keyFor('clinic', ['admin'])
  const post = (body: unknown) => t.app.request('/v1/login', jsonRequest('POST', body, login))
  for (const externalId of ['a0', 'a1', 'a2', 'a3']) {
    const body = { externalId, password: STRONG_PASSWORD }
    await t.app.request('/v1/accounts', jsonRequest('POST', body, login))
  }
  await importAccounts(t, admin, [{ externalId: 'breached', hash: MD5_CRYPT.hash }])
  const statuses = {
    ok: (await post({ externalId: 'a0', password: STRONG_PASSWORD })).status,
    mustReset: (await post({ externalId: 'breached', password: MD5_CRYPT.password })).status,
    throttled: 0,
  }
  for (let i = 0; i < 5; i++) await post({ externalId: 'ghost', password: `guess ${i}` })
  statuses.throttled = (await post({ externalId: 'ghost', password: 'again' })).status
  // A bad API key is not a login attempt: the scope guard answers before the outcome counter.
  await t.app.request('/v1/login', jsonRequest('POST', { externalId: 'a0', password: 'x' }))
  const burst = await Promise.all(
    ['a1', 'a2', 'a3'].map((externalId) => post({ externalId, password: STRONG_PASSWORD })),
  )
  const shed = burst.filter((res) => res.status === 503).length
  await t.app.request('/range/00000')
  await t.app.request('/range/00000')
  await insertOutboxEvents(t)
  return { t, statuses, shed }
}

/** Two pending events, one delivered, one failed: a backlog of two. */
async function insertOutboxEvents(t: ReturnType<typeof createTestApp>) {
  const event = (id: string, deliveredAt: number | null, failedAt: number | null) => ({
    id,
    tenantId: 'clinic',
    type: 'account.exposed',
    payload: '{}',
    createdAt: 1,
    nextAttemptAt: 1,
    deliveredAt,
    failedAt,
  })
  await t.driver.db
    .insert(webhookOutbox)
    .values([
      event('e1', null, null),
      event('e2', null, null),
      event('e3', 5, null),
      event('e4', null, 9),
    ])
}

describe('GET /metrics after real traffic', () => {
  let traffic: Awaited<ReturnType<typeof realTraffic>>
  let status: number
  let body: string
  beforeAll(async () => {
    traffic = await realTraffic()
    const res = await traffic.t.app.request('/metrics', scrape)
    status = res.status
    body = await res.text()
  })
  afterAll(() => traffic?.t.close())

  it('comes after logins that succeeded, had to reset, were throttled and were shed', () => {
    expect(traffic.statuses).toEqual({ ok: 200, mustReset: 200, throttled: 429 })
    expect(traffic.shed).toBeGreaterThan(0)
    expect(status).toBe(200)
  })

  it('counts login outcomes', () => {
    const { shed } = traffic
    // a0, then the burst's logins that were not shed.
    expect(body).toContain(`pwguard_login_outcomes_total{outcome="ok"} ${1 + 3 - shed}`)
    expect(body).toContain('pwguard_login_outcomes_total{outcome="must_reset"} 1')
    expect(body).toContain('pwguard_login_outcomes_total{outcome="wrong"} 5')
    expect(body).toContain('pwguard_login_outcomes_total{outcome="throttled"} 1')
    expect(body).toContain(`pwguard_login_outcomes_total{outcome="shed"} ${shed}`)
  })

  it('counts argon2 sheds, the queue depth and throttle blocks', () => {
    expect(body).toContain(`pwguard_argon2_shed_total ${traffic.shed}`)
    expect(body).toContain('pwguard_argon2_queue_depth 0')
    expect(body).toContain('pwguard_throttle_blocks_total{route="/v1/login",code="throttled"} 1')
  })

  it('counts range cache hits and misses and the outbox backlog', () => {
    expect(body).toContain('pwguard_range_cache_lookups_total{result="miss"} 1')
    expect(body).toContain('pwguard_range_cache_lookups_total{result="hit"} 1')
    expect(body).toContain('pwguard_webhook_outbox_backlog 2')
  })

  it('exports no pool series on SQLite, and no password', () => {
    // SQLite has no pool: the series is not exported rather than reported as zero.
    expect(body).not.toContain('pwguard_db_pool_connections')
    expect(body).not.toContain(STRONG_PASSWORD)
  })
})

describe('GET /metrics: pools and the range fast path', () => {
  let close = () => {}
  afterEach(() => close())

  it('reports PostgreSQL pool use: total, idle and waiting connections', async () => {
    const database = await createTestDatabase()
    const driver = await openPgDriver({ url: database.url, poolSize: 2, migrate: false })
    close = () => void driver.close().then(() => database.drop())
    const metrics = createPromMetrics(TOKEN, { poolStats: pgPoolStats(driver.pool) })
    const t = createTestApp({ deps: { metrics } })
    const held = await Promise.all([driver.pool.connect(), driver.pool.connect()])
    const waiting = driver.pool.query('SELECT 1')
    const body = await (await t.app.request('/metrics', scrape)).text()
    expect(body).toContain('pwguard_db_pool_connections{state="total"} 2')
    expect(body).toContain('pwguard_db_pool_connections{state="idle"} 0')
    expect(body).toContain('pwguard_db_pool_connections{state="waiting"} 1')
    for (const client of held) client.release()
    await waiting
    const after = await (await t.app.request('/metrics', scrape)).text()
    expect(after).toContain('pwguard_db_pool_connections{state="idle"} 2')
    expect(after).toContain('pwguard_db_pool_connections{state="waiting"} 0')
    t.close()
  })

  it('counts range cache lookups on the Node fast path, which answers before the app', async () => {
    const metrics = createPromMetrics(TOKEN)
    const t = createTestApp({ deps: { metrics } })
    close = t.close
    const app = getRequestListener(t.app.fetch)
    const server = createRangeFastPathServer(t.deps)({}, app)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      for (let i = 0; i < 3; i++) expect((await fetch(`${base}/range/ABCDE`)).status).toBe(200)
      const body = await (await fetch(`${base}/metrics`, scrape)).text()
      expect(body).toContain('pwguard_range_cache_lookups_total{result="miss"} 1')
      expect(body).toContain('pwguard_range_cache_lookups_total{result="hit"} 2')
      // Answered by the fast path: the request series never saw them.
      expect(body).not.toContain('route="/range')
    } finally {
      await new Promise((done) => server.close(done))
    }
  })
})

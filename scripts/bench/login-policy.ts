/**
 * Issue 16's figures, in process (app.request against real SQLite on a temp file, argon2id
 * with OWASP parameters, a local legacy verify server on 127.0.0.1):
 *  - first-login latency through the legacy hook vs a normal argon2id login, with the hook's
 *    bare round trip measured alone: the difference should be the round trip and no more;
 *  - login throughput (4 callers) with a breached password under each breach action, and with
 *    a clean password, against today's behaviour (require_reset) in the same run.
 *
 *   npx tsx scripts/bench/login-policy.ts [--logins 40]
 *
 * Throughput runs 3 rounds in rotating order and reports each scenario's median.
 *
 * Prints one JSON line per figure. The machine is shared: compare the ratios, not the ms.
 */
import { createHash } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { mkdtempSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp } from '../../src/app/create-app.js'
import { createApiKey } from '../../src/auth/api-key-store.js'
import { createMemoryLiveBreachStore } from '../../src/breach/live/live-breach-store.js'
import { createLiveCorpus } from '../../src/breach/live/live-corpus.js'
import { createMemoryCorpus } from '../../src/breach/memory-corpus.js'
import { createNodeArgon2Hasher } from '../../src/hashing/argon2-hasher-node.js'
import { createNodeHashPrimitives } from '../../src/hashing/hash-primitives-node.js'
import { OWASP_ARGON2ID } from '../../src/hashing/password-hasher.js'
import { systemClock } from '../../src/ports/clock.js'
import { createJsonLogger } from '../../src/ports/logger.js'
import { webCryptoRandom } from '../../src/ports/random.js'
import { deriveAuditChainKey } from '../../src/audit/audit-chain-key.js'
import { createSqliteStorePorts } from '../../src/store/sqlite/sqlite-store-ports.js'
import { createSqliteTenantKeyStore } from '../../src/store/sqlite/sqlite-tenant-key-store.js'
import { openSqliteDriver } from '../../src/store/sqlite-driver-node.js'
import { ensureTenant } from '../../src/store/sqlite/sqlite-tenant-seed.js'
import { parseWebhookAllowList } from '../../src/webhooks/webhook-allow-list.js'
import { createNodeWebhookSender } from '../../src/webhooks/webhook-sender-node.js'
import { signWebhook, SIGNATURE_HEADER } from '../../src/webhooks/webhook-signature.js'
import { startLegacyServer } from '../../test/legacy-verify/local-legacy-server.js'

const at = process.argv.indexOf('--logins')
const LOGINS = at > 0 ? Number(process.argv[at + 1]) : 40
const SECRET = 'bench-legacy-secret-0123'
const ROUNDS = 3
const ACTIONS = ['require_reset', 'block', 'notify', 'log'] as const
const sha1 = (text: string) => createHash('sha1').update(text).digest('hex')
const password = (i: number) => `bench-password-number-${i}`
const breached = (i: number) => `breached-password-number-${i}`

const users: Record<string, string> = {}
for (let i = 0; i < LOGINS; i++) users[`legacy-${i}`] = password(i)
const legacy = await startLegacyServer({ secret: SECRET, clock: systemClock, users })
const allow = ['127.0.0.1']
const hasher = createNodeArgon2Hasher(OWASP_ARGON2ID)
const driver = openSqliteDriver(join(mkdtempSync(join(tmpdir(), 'pwguard-bench-policy-')), 'db'))
const app = createApp({
  settings: {
    rangePublic: true,
    maxBodyBytes: 64 * 1024,
    maxImportBytes: 64 * 1024 * 1024,
    policy: { minLength: 15, minScore: 3, breachThreshold: 1 },
    secret: new TextEncoder().encode('b'.repeat(40)),
    webhookAllowedHosts: allow,
  },
  stores: createSqliteStorePorts(driver, {
    auditKey: deriveAuditChainKey(new TextEncoder().encode('b'.repeat(40))),
  }),
  corpus: createLiveCorpus(
    createMemoryCorpus(
      Array.from({ length: LOGINS }, (_, i) => ({
        sha1: sha1(breached(i)).toUpperCase(),
        count: 5,
      })),
    ),
    createMemoryLiveBreachStore(),
  ),
  hasher,
  hashPrimitives: createNodeHashPrimitives(hasher),
  clock: systemClock,
  random: webCryptoRandom,
  logger: createJsonLogger(() => {}),
  webhookSender: createNodeWebhookSender({ allow: parseWebhookAllowList(allow) }),
})

await ensureTenant(driver.db, { id: 'bench' }, Date.now())
const key = async (scopes: ('admin' | 'login')[]) => {
  const { key } = await createApiKey(createSqliteTenantKeyStore(driver.db), webCryptoRandom, {
    tenantId: 'bench',
    scopes,
    now: Date.now(),
  })
  return { authorization: `Bearer ${key}`, 'content-type': 'application/json' }
}
const admin = await key(['admin'])
const login = await key(['login'])
const call = (path: string, method: string, body: unknown, headers = admin) =>
  app.request(path, { method, headers, body: JSON.stringify(body) })
const importLines = (lines: object[]) =>
  app.request('/v1/accounts/import', {
    method: 'POST',
    headers: { ...admin, 'content-type': 'application/x-ndjson' },
    body: lines.map((line) => JSON.stringify(line)).join('\n'),
  })
const timedLogin = async (externalId: string, pw: string, expect: number) => {
  const start = performance.now()
  const res = await call('/v1/login', 'POST', { externalId, password: pw }, login)
  if (res.status !== expect) throw new Error(`${externalId}: ${res.status} ${await res.text()}`)
  return performance.now() - start
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const emit = (figure: object) => console.log(JSON.stringify({ ...figure, loadavg: loadavg()[0] }))

// Accounts: argon2id ones (a sha1 import upgraded by one warm-up login) and legacy-verify ones.
await call('/v1/tenant/legacy-verify', 'PUT', { url: legacy.url, secret: SECRET, timeoutMs: 5000 })
await importLines([
  ...Array.from({ length: LOGINS }, (_, i) => ({
    externalId: `normal-${i}`,
    hash: sha1(password(i)),
    hint: { algorithm: 'sha1' },
  })),
  ...Array.from({ length: LOGINS }, (_, i) => ({ externalId: `legacy-${i}`, legacyVerify: true })),
])
for (let i = 0; i < LOGINS; i++) await timedLogin(`normal-${i}`, password(i), 200)

// Figure 1: interleaved, so load drifts hit both alike.
const normal: number[] = []
const first: number[] = []
const roundTrip: number[] = []
for (let i = 0; i < LOGINS; i++) {
  normal.push(await timedLogin(`normal-${i}`, password(i), 200))
  first.push(await timedLogin(`legacy-${i}`, password(i), 200))
  const body = JSON.stringify({ externalId: `legacy-${i}`, password: password(i) })
  const t = Math.floor(Date.now() / 1000)
  const start = performance.now()
  await fetch(legacy.url, {
    method: 'POST',
    headers: { [SIGNATURE_HEADER]: await signWebhook(SECRET, t, body) },
    body,
  }).then((res) => res.text())
  roundTrip.push(performance.now() - start)
}
const [n, f, r] = [median(normal), median(first), median(roundTrip)]
emit({
  figure: 'first_login_via_legacy_hook',
  logins: LOGINS,
  normalLoginMsP50: +n.toFixed(2),
  firstLoginMsP50: +f.toFixed(2),
  hookRoundTripMsP50: +r.toFixed(2),
  ratioFirstVsNormal: +(f / n).toFixed(3),
  extraMsBeyondRoundTrip: +(f - n - r).toFixed(2),
})

// Figure 2: throughput of breached logins under each action, 4 callers, same accounts.
await importLines(
  Array.from({ length: LOGINS }, (_, i) => ({
    externalId: `breached-${i}`,
    hash: sha1(breached(i)),
    hint: { algorithm: 'sha1' },
  })),
)
const run = async (prefix: string, pw: (i: number) => string, status: number) => {
  let next = 0
  const start = performance.now()
  const lane = async () => {
    while (next < LOGINS) {
      const i = next++
      await timedLogin(`${prefix}-${i}`, pw(i), status)
    }
  }
  await Promise.all(Array.from({ length: 4 }, lane))
  return LOGINS / ((performance.now() - start) / 1000)
}
// Warm-up: upgrades the breached accounts to argon2id so every run verifies alike.
await run('breached', breached, 200)
const reset = async () => {
  await driver.db.run(sql.raw('delete from breach_flags'))
  await driver.db.run(sql.raw(`update accounts set must_reset = 0, reset_reasons = '[]'`))
}
await reset()
// Rounds in rotating order, median per scenario: the shared machine drifts within a run.
const samples: Record<string, number[]> = { clean: [] }
for (const action of ACTIONS) samples[action] = []
for (let round = 0; round < ROUNDS; round++) {
  const order = ['clean', ...ACTIONS]
  for (let k = 0; k < order.length; k++) {
    const scenario = order[(k + round) % order.length]!
    if (scenario === 'clean') {
      samples.clean!.push(await run('normal', password, 200))
      continue
    }
    await call('/v1/tenant/policy', 'PUT', { breachActions: { login: scenario } })
    samples[scenario]!.push(await run('breached', breached, scenario === 'block' ? 403 : 200))
    await reset()
  }
}
const today = median(samples.require_reset!)
for (const scenario of ['clean', ...ACTIONS]) {
  const rate = median(samples[scenario]!)
  emit({
    figure: scenario === 'clean' ? 'login_throughput_clean_password' : 'login_throughput_breached',
    ...(scenario === 'clean' ? {} : { action: scenario }),
    rounds: ROUNDS,
    loginsPerSecond: +rate.toFixed(1),
    ratioVsToday: +(rate / today).toFixed(3),
  })
}
await legacy.close()
driver.close()

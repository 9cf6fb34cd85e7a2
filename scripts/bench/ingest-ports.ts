/**
 * Exposure ingest through the store ports, PostgreSQL vs SQLite (issue 11, goal ≥ 0.5×): the
 * same NDJSON list `{email, passwordSha1}` (80 % naming one of the seeded accounts) streamed
 * through `ingestExposures` with `stores` = the SQLite ports over a fresh file, then the
 * PostgreSQL ports over a fresh database (the tests' embedded server, loopback, fsync off,
 * unless PWGUARD_BENCH_DATABASE_URL names one). Each batch is one atomic write with its audit
 * entry, as the route and the CLI write it. A first round on a tenth of the list warms the JIT.
 * One JSON line per figure; the ratio is PostgreSQL/SQLite.
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { deriveAuditChainKey } from '../../src/audit/audit-chain-key.js'
import { ingestAuditEntries } from '../../src/audit/ingest-audit-entries.js'
import { createStoredHashVerifier } from '../../src/accounts/stored-hash-verifier.js'
import { createKeyedHash } from '../../src/crypto/keyed-hash.js'
import { EMAIL_INDEX_PURPOSE } from '../../src/crypto/secret-keys.js'
import { createNodeArgon2Hasher } from '../../src/hashing/argon2-hasher-node.js'
import { createNodeHashPrimitives } from '../../src/hashing/hash-primitives-node.js'
import { ingestExposures } from '../../src/incidents/ingest-exposures.js'
import { newIncidentRow } from '../../src/incidents/incident-store.js'
import { webCryptoRandom } from '../../src/ports/random.js'
import { createPgStorePorts } from '../../src/store/pg/pg-store-ports.js'
import type { StorePorts } from '../../src/store/ports/store-ports.js'
import { createSqliteStorePorts } from '../../src/store/sqlite/sqlite-store-ports.js'
import { openSqliteDriver } from '../../src/store/sqlite-driver-node.js'
import { checkAuditEntry } from '../../src/audit/audit-insert.js'
import { startBenchPostgres } from './support/bench-postgres.js'

const ACCOUNTS = Number(process.env.BENCH_INGEST_ACCOUNTS ?? 20_000)
const RECORDS = Number(process.env.BENCH_INGEST_RECORDS ?? 50_000)
const secret = new TextEncoder().encode('bench-secret-bench-secret-bench-secret')
const options = { auditKey: deriveAuditChainKey(secret) }
const dir = mkdtempSync(join(tmpdir(), 'pwguard-bench-ingest-ports-'))
const postgres = await startBenchPostgres()
const hasher = createNodeArgon2Hasher({ memoryKib: 19_456, iterations: 2, parallelism: 1 })
const verifier = createStoredHashVerifier({ hasher, primitives: createNodeHashPrimitives(hasher) })
const index = createKeyedHash(secret, EMAIL_INDEX_PURPOSE).hexSync
const noCorpus = { add: async () => ({ added: 0, refused: 0, size: 0 }), quota: 0 }

/** Accounts through the port (one insert each: seeding is not what is measured), an incident. */
async function seed(stores: StorePorts, accounts: number) {
  await stores.tenantKeys.ensureTenant({ id: 'bench', name: 'bench', serviceName: null }, 0)
  const hash = '$2b$10$abcdefghijklmnopqrstuu5Fe0C9ZqkW3pI3Q0qkJ0qkJ0qkJ0qkK'
  for (let start = 0; start < accounts; start += 200) {
    await Promise.all(
      Array.from({ length: Math.min(200, accounts - start) }, (_, k) =>
        stores.accounts.insert({
          tenantId: 'bench',
          externalId: `patient-${start + k}`,
          emailIndex: index(`patient${start + k}@example.be`),
          passwordHash: hash,
          scheme: 'bcrypt',
          createdAt: 0,
          updatedAt: 0,
        }),
      ),
    )
  }
  const row = newIncidentRow({
    ...{ id: 'inc_bench', tenantId: 'bench', name: 'bench', description: null, occurredAt: null },
    ...{ detectedAt: 0, dataClasses: ['password'], source: null, now: 0 },
  })
  const event = { id: 'evt_bench', tenantId: 'bench', type: 'incident.created', payload: '{}' }
  const entry = checkAuditEntry({ tenantId: 'bench', actor: 'bench', action: 'x', at: 0 })
  await stores.incidents.create(row, { ...event, now: 0, incidentId: row.id }, entry)
}

async function* rows(records: number, accounts: number) {
  for (let i = 0; i < records; i++) {
    const owner = i % 5 === 4 ? `stranger${i}@mail.example` : `patient${i % accounts}@example.be`
    const sha1 = createHash('sha1').update(`leaked-password-${i}`).digest('hex')
    yield { line: i + 1, fields: { email: owner, passwordSha1: sha1 } }
  }
}

async function ingestRate(stores: StorePorts, records: number, accounts: number) {
  const started = performance.now()
  const scope = { tenantId: 'bench', incidentId: 'inc_bench' }
  const audit = ingestAuditEntries({
    ...scope,
    actor: 'bench',
    clock: Date.now,
    random: webCryptoRandom,
  })
  const report = await ingestExposures(
    rows(records, accounts),
    { stores, corpus: noCorpus, verifier, secret },
    { ...scope, now: Date.now(), auditBatch: audit.batch },
  )
  if (report.records !== records) throw new Error(`unexpected report ${JSON.stringify(report)}`)
  const counters = await stores.incidents.counters(scope)
  if (counters.records !== records) throw new Error('counters disagree with the ingest')
  return records / ((performance.now() - started) / 1000)
}

let runs = 0
async function onSqlite(records: number, accounts: number) {
  const driver = openSqliteDriver(join(dir, `bench-${++runs}.db`))
  const stores = createSqliteStorePorts(driver, options)
  await seed(stores, accounts)
  const rate = await ingestRate(stores, records, accounts)
  driver.close()
  return rate
}

async function onPostgres(records: number, accounts: number) {
  const driver = await postgres.freshDatabase(`pwguard_bench_ingest_${++runs}`)
  const stores = createPgStorePorts(driver.db, options)
  await seed(stores, accounts)
  const rate = await ingestRate(stores, records, accounts)
  await driver.close()
  return rate
}

try {
  await onSqlite(RECORDS / 10, ACCOUNTS / 10)
  await onPostgres(RECORDS / 10, ACCOUNTS / 10)
  const sqlite = await onSqlite(RECORDS, ACCOUNTS)
  const onPg = await onPostgres(RECORDS, ACCOUNTS)
  const load = loadavg().map((n) => Number(n.toFixed(2)))
  const recordsPerSecond = { sqlite: Math.round(sqlite), postgres: Math.round(onPg) }
  const ratio = Number((onPg / sqlite).toFixed(2))
  console.log(
    JSON.stringify({
      figure: 'ingest via ports, postgres vs sqlite',
      records: RECORDS,
      recordsPerSecond,
      ratio,
      goal: 0.5,
      load,
    }),
  )
} finally {
  await postgres.stop()
  rmSync(dir, { recursive: true, force: true })
}

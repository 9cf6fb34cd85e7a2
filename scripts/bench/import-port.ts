/**
 * Account import through the accounts port, PostgreSQL vs SQLite (issue 11, goal ≥ 0.5×): the
 * same NDJSON lines through `importAccounts` (parse, fingerprint, e-mail conflict check, then
 * `stores.accounts.importBatch`: SQLite one batch per 500 lines, PostgreSQL one `unnest` upsert
 * and the audit entry per transaction), first into empty databases, then again (every line
 * unchanged). PostgreSQL is the tests' embedded server (loopback, fsync off, as SQLite's WAL at
 * synchronous=NORMAL does not sync per commit) unless PWGUARD_BENCH_DATABASE_URL names one.
 * One JSON line per figure; ratios are PostgreSQL/SQLite, measured in this run.
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createEmailIndexer } from '../../src/accounts/email-index.js'
import { importAccounts } from '../../src/accounts/import-accounts.js'
import type { UploadLine } from '../../src/accounts/ndjson-lines.js'
import { deriveAuditChainKey } from '../../src/audit/audit-chain-key.js'
import { importAuditEntries } from '../../src/audit/import-audit-entries.js'
import { deriveSecretKeys } from '../../src/crypto/secret-keys.js'
import { webCryptoRandom } from '../../src/ports/random.js'
import { createPgStorePorts } from '../../src/store/pg/pg-store-ports.js'
import type { StorePorts } from '../../src/store/ports/store-ports.js'
import { createSqliteStorePorts } from '../../src/store/sqlite/sqlite-store-ports.js'
import { openSqliteDriver } from '../../src/store/sqlite-driver-node.js'
import { startBenchPostgres } from './support/bench-postgres.js'

const COUNT = Number(process.env.BENCH_IMPORT_COUNT ?? 50_000)
const secret = new Uint8Array(32).fill(9)
const options = { auditKey: deriveAuditChainKey(secret) }
const texts = Array.from({ length: COUNT }, (_, i) =>
  JSON.stringify({
    externalId: `patient-${i}`,
    email: `patient${i}@example.be`,
    hash: createHash('sha1').update(`password-${i}`).digest('hex'),
    hint: { algorithm: 'sha1' },
  }),
)

async function* lines(): AsyncIterable<UploadLine> {
  for (let i = 0; i < texts.length; i++) yield { line: i + 1, text: texts[i]! }
}

/** Lines per second of one full import into `stores`. */
async function importRate(stores: StorePorts): Promise<number> {
  const audit = importAuditEntries({
    tenantId: 'bench',
    actor: 'bench',
    clock: () => Date.now(),
    random: webCryptoRandom,
  })
  const deps = {
    accounts: stores.accounts,
    emailIndexer: createEmailIndexer(secret),
    fingerprintKey: deriveSecretKeys(secret).importFingerprint,
  }
  const started = performance.now()
  const report = await importAccounts(lines(), deps, {
    tenantId: 'bench',
    now: Date.now(),
    auditBatch: audit.batch,
  })
  if (report.imported + report.unchanged !== COUNT) throw new Error(JSON.stringify(report))
  return COUNT / ((performance.now() - started) / 1000)
}

const postgres = await startBenchPostgres()
const pgDriver = await postgres.freshDatabase('pwguard_bench_import_port')
const dir = mkdtempSync(join(tmpdir(), 'pwguard-bench-import-port-'))
const sqliteDriver = openSqliteDriver(join(dir, 'bench.db'))
const backends = {
  sqlite: createSqliteStorePorts(sqliteDriver, options),
  postgres: createPgStorePorts(pgDriver.db, options),
}
for (const stores of Object.values(backends)) {
  await stores.tenantKeys.ensureTenant({ id: 'bench', name: 'bench', serviceName: null }, 0)
}
try {
  for (const pass of ['fresh', 'reimport']) {
    const sqlite = await importRate(backends.sqlite)
    const postgres = await importRate(backends.postgres)
    console.log(
      JSON.stringify({
        figure: `import_port_${pass}`,
        accounts: COUNT,
        sqlitePerSecond: Math.round(sqlite),
        postgresPerSecond: Math.round(postgres),
        ratio: Number((postgres / sqlite).toFixed(3)),
        loadavg: loadavg()[0]!.toFixed(1),
      }),
    )
  }
} finally {
  sqliteDriver.close()
  await pgDriver.close()
  await postgres.stop()
  rmSync(dir, { recursive: true, force: true })
}

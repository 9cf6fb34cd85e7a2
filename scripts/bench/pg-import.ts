/**
 * Account import and exposure ingest write throughput, PostgreSQL vs SQLite, at the store level
 * (issue 11, goal ≥ 0.5×). The same rows go through: SQLite as the app writes them today
 * (import upsert with multi-row VALUES, ingest via json_each, one transaction per batch), and
 * PostgreSQL two ways a port adapter could: drizzle multi-row VALUES, and one
 * `INSERT … SELECT FROM unnest($1::text[], …)` per table and batch. Each variant starts on a
 * freshly migrated, empty database. PostgreSQL is the embedded server the tests use (loopback
 * TCP, fsync off — SQLite's WAL with synchronous=NORMAL does not sync per commit either) unless
 * PWGUARD_BENCH_DATABASE_URL names one. One JSON line per figure; ratios are PostgreSQL/SQLite.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import type { PgDriver } from '../../src/store/pg-driver-node.js'
import { openSqliteDriver } from '../../src/store/sqlite-driver-node.js'
import { startBenchPostgres } from './support/bench-postgres.js'
import { accountRows, exposureRows, type AccountRow, type ExposureRow } from './pg-import-rows.js'
import {
  pgUnnestImport,
  pgUnnestIngest,
  pgValuesImport,
  pgValuesIngest,
} from './pg-import-postgres.js'
import { sqliteImport, sqliteIngest } from './pg-import-sqlite.js'

const ACCOUNTS = Number(process.env.BENCH_PG_ACCOUNTS ?? 100_000)
const IMPORT_BATCH = 500 // `pwguard accounts import` default
const INGEST_BATCH = 5_000 // `pwguard incident ingest` default

interface Variant {
  name: string
  import(rows: AccountRow[]): Promise<void>
  ingest(rows: ExposureRow[]): Promise<void>
  close(): Promise<void>
}

async function timed(work: () => Promise<void>, rows: number): Promise<number> {
  const started = performance.now()
  await work()
  return rows / ((performance.now() - started) / 1000)
}

const postgres = await startBenchPostgres()
const dir = mkdtempSync(join(tmpdir(), 'pwguard-bench-pg-import-'))

async function freshPg(name: string): Promise<PgDriver> {
  const driver = await postgres.freshDatabase(name)
  await driver.pool.query(`INSERT INTO tenants (id, name, created_at) VALUES ('bench', 'bench', 0)`)
  return driver
}

let sqliteFiles = 0

async function sqliteVariant(): Promise<Variant> {
  const driver = openSqliteDriver(join(dir, `bench-${++sqliteFiles}.db`))
  // The accounts' foreign key, as on PostgreSQL.
  await driver.db.run(sql`INSERT INTO tenants (id, name, created_at) VALUES ('bench', 'bench', 0)`)
  return {
    name: 'sqlite',
    import: (rows) => sqliteImport(driver, rows, IMPORT_BATCH),
    ingest: (rows) => sqliteIngest(driver, rows, INGEST_BATCH),
    close: async () => driver.close(),
  }
}

async function pgVariant(name: string, unnest: boolean): Promise<Variant> {
  const driver = await freshPg(`pwguard_bench_${name}`)
  return {
    name,
    import: (rows) => (unnest ? pgUnnestImport : pgValuesImport)(driver, rows, IMPORT_BATCH),
    ingest: (rows) => (unnest ? pgUnnestIngest : pgValuesIngest)(driver, rows, INGEST_BATCH),
    close: () => driver.close(),
  }
}

const makers = [
  sqliteVariant,
  () => pgVariant('pg_values', false),
  () => pgVariant('pg_unnest', true),
]

/** Every variant on fresh databases; the first round (a tenth of the rows) only warms the JIT. */
async function round(count: number) {
  const accountsIn = accountRows(count, Date.now())
  const exposuresIn = exposureRows(count)
  const rates: Record<string, { import: number; ingest: number }> = {}
  for (const make of makers) {
    const variant = await make()
    rates[variant.name] = {
      import: await timed(() => variant.import(accountsIn), count),
      ingest: await timed(() => variant.ingest(exposuresIn), count),
    }
    await variant.close()
  }
  return rates
}

await round(Math.ceil(ACCOUNTS / 10))
const rates = await round(ACCOUNTS)
const load = loadavg().map((n) => Number(n.toFixed(2)))
for (const job of ['import', 'ingest'] as const) {
  const base = rates['sqlite']![job]
  for (const pgName of ['pg_values', 'pg_unnest']) {
    const rate = rates[pgName]![job]
    const figure = `pg-import ${job} ${pgName} vs sqlite`
    const rowsPerSecond = { sqlite: Math.round(base), [pgName]: Math.round(rate) }
    const ratio = Number((rate / base).toFixed(2))
    console.log(JSON.stringify({ figure, rows: ACCOUNTS, rowsPerSecond, ratio, goal: 0.5, load }))
  }
}
await postgres.stop()
rmSync(dir, { recursive: true, force: true })

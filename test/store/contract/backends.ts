import { sql } from 'drizzle-orm'
import { createPgStorePorts } from '../../../src/store/pg/pg-store-ports.js'
import { openPgDriver } from '../../../src/store/pg-driver-node.js'
import type { StorePorts } from '../../../src/store/ports/store-ports.js'
import { createSqliteStorePorts } from '../../../src/store/sqlite/sqlite-store-ports.js'
import { openSqliteDriver } from '../../../src/store/sqlite-driver.js'
import { createTestDatabase } from '../../support/test-database.js'
import { PORT_OPTIONS } from './port-options.js'

/** One opened backend: the ports over a migrated store, emptied by `reset` before each case. */
export interface OpenedBackend {
  readonly ports: StorePorts
  /**
   * Runs plain SQL both dialects read alike (INSERTs with literal values, `true`/`false`): rows
   * of aggregates whose own port is not the one under test (exposures, counters).
   */
  seed(statements: readonly string[]): Promise<void>
  reset(): Promise<void>
  close(): Promise<void>
}

/**
 * A backend the contract cases run on. `concurrent` says whether statements really overlap
 * (PostgreSQL pool) or are serialised by the driver (better-sqlite3, D1): race cases run on
 * both, but only the former can catch a missing row lock.
 */
export interface ContractBackend {
  name: string
  concurrent: boolean
  open(): Promise<OpenedBackend>
}

export const sqliteBackend: ContractBackend = {
  name: 'better-sqlite3',
  concurrent: false,
  async open() {
    // A fresh in-memory database per case costs a millisecond: reset simply swaps it.
    let driver = openSqliteDriver(':memory:')
    let ports = createSqliteStorePorts(driver, PORT_OPTIONS)
    return {
      get ports() {
        return ports
      },
      async seed(statements) {
        for (const statement of statements) await driver.db.run(sql.raw(statement))
      },
      async reset() {
        driver.close()
        driver = openSqliteDriver(':memory:')
        ports = createSqliteStorePorts(driver, PORT_OPTIONS)
      },
      close: async () => driver.close(),
    }
  },
}

export const postgresBackend: ContractBackend = {
  name: 'PostgreSQL',
  concurrent: true,
  async open() {
    const database = await createTestDatabase()
    const driver = await openPgDriver({ url: database.url, poolSize: 8 })
    const tables = await driver.pool.query<{ name: string }>(
      `SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public'`,
    )
    const all = tables.rows.map((row) => row.name).join(', ')
    return {
      ports: createPgStorePorts(driver.db, PORT_OPTIONS),
      async seed(statements) {
        for (const statement of statements) await driver.pool.query(statement)
      },
      // One database per file, emptied per case: CREATE DATABASE and migrating take ~0.5 s.
      reset: async () => void (await driver.pool.query(`TRUNCATE ${all} CASCADE`)),
      async close() {
        await driver.close()
        await database.drop()
      },
    }
  },
}

// D1 (inside workerd) is in d1-backend.ts, run by test/worker/store-contract.worker.test.ts:
// this file imports pg and node:crypto, so workerd may import only its types.

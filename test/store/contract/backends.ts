import { sql } from 'drizzle-orm'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LiveBreachStore } from '../../../src/breach/live/live-breach-store.js'
import { openPgLiveBreachStore } from '../../../src/breach/live/pg-live-breach-store-node.js'
import { openSqliteLiveBreachStore } from '../../../src/breach/live/sqlite-live-breach-store-node.js'
import pg from 'pg'
import { createPgStorePorts } from '../../../src/store/pg/pg-store-ports.js'
import { openPgDriver } from '../../../src/store/pg-driver-node.js'
import type { StorePorts } from '../../../src/store/ports/store-ports.js'
import { createSqliteStorePorts } from '../../../src/store/sqlite/sqlite-store-ports.js'
import { openSqliteDriver } from '../../../src/store/sqlite-driver-node.js'
import { createTestDatabase } from '../../support/test-database.js'
import { PORT_OPTIONS } from './port-options.js'

/** A live-additions store handle; closed by the backend's next `reset` or `close`. */
export type OpenedLiveStore = LiveBreachStore & { close(): void | Promise<void> }

/** One opened backend: the ports over a migrated store, emptied by `reset` before each case. */
export interface OpenedBackend {
  readonly ports: StorePorts
  /**
   * Runs plain SQL both dialects read alike (INSERTs with literal values, `true`/`false`): rows
   * of aggregates whose own port is not the one under test (exposures, counters).
   */
  seed(statements: readonly string[]): Promise<void>
  /**
   * Opens one more handle (an "instance") on the backend's live-additions store, a database
   * apart from the main one; every handle opened between two resets shares the same rows.
   */
  openLive?(): Promise<OpenedLiveStore>
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
    // The live store is a file of its own (WAL), shared by every handle, as server and CLI do.
    const live = liveHandles(() => join(mkdtempSync(join(tmpdir(), 'pwguard-live-')), 'l.sqlite'))
    return {
      get ports() {
        return ports
      },
      async seed(statements) {
        for (const statement of statements) await driver.db.run(sql.raw(statement))
      },
      openLive: async () => live.track(openSqliteLiveBreachStore(live.place())),
      async reset() {
        await live.closeAll()
        driver.close()
        driver = openSqliteDriver(':memory:')
        ports = createSqliteStorePorts(driver, PORT_OPTIONS)
      },
      async close() {
        await live.closeAll()
        driver.close()
      },
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
    // The live additions sit in a database of their own, as PWGUARD_LIVE_DATABASE_URL says.
    const liveDatabase = await createTestDatabase()
    const live = liveHandles(() => liveDatabase.url)
    await (await openPgLiveBreachStore({ url: liveDatabase.url })).close()
    const liveAdmin = new pg.Client({ connectionString: liveDatabase.url })
    await liveAdmin.connect()
    return {
      ports: createPgStorePorts(driver.db, PORT_OPTIONS),
      async seed(statements) {
        for (const statement of statements) await driver.pool.query(statement)
      },
      openLive: async () => live.track(await openPgLiveBreachStore({ url: live.place() })),
      // One database per file, emptied per case: CREATE DATABASE and migrating take ~0.5 s.
      async reset() {
        await live.closeAll()
        await driver.pool.query(`TRUNCATE ${all} CASCADE`)
        await liveAdmin.query('TRUNCATE live_digests, tenant_live_digests, tenant_live_sizes')
      },
      async close() {
        await live.closeAll()
        await liveAdmin.end()
        await driver.close()
        await database.drop()
        await liveDatabase.drop()
      },
    }
  },
}

/** Live handles opened since the last reset, and where the next reset's store lives. */
function liveHandles(newPlace: () => string) {
  let place: string | null = null
  const open: OpenedLiveStore[] = []
  return {
    place: () => (place ??= newPlace()),
    track(store: OpenedLiveStore) {
      open.push(store)
      return store
    },
    async closeAll() {
      for (const store of open.splice(0)) await store.close()
      place = null
    },
  }
}

// D1 (inside workerd) is in d1-backend.ts, run by test/worker/store-contract.worker.test.ts:
// this file imports pg and node:crypto, so workerd may import only its types.

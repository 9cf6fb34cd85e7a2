import {
  createD1LiveBreachStore,
  type D1LiveDatabase,
} from '../../../src/breach/live/d1-live-breach-store.js'
import { createD1Driver, type D1Binding } from '../../../src/store/d1-driver.js'
import { createSqliteStorePorts } from '../../../src/store/sqlite/sqlite-store-ports.js'
import type { ContractBackend } from './backends.js'
import { PORT_OPTIONS } from './port-options.js'

/** The slice of the D1 binding the reset needs (the ports go through drizzle). */
export interface ResettableD1 {
  prepare(sql: string): { all<T>(): Promise<{ results: T[] }> }
  exec(sql: string): Promise<unknown>
}

/** Empties every table the migrations made, children before parents (D1 enforces FKs). */
async function emptyTables(d1: ResettableD1): Promise<void> {
  const { results } = await d1
    .prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT IN ('d1_migrations', '__drizzle_migrations')`,
    )
    .all<{ name: string }>()
  let left = results.map((row) => row.name)
  // A parent refuses to empty while a child still points at it: retry it on the next pass.
  for (let pass = 0; left.length > 0 && pass < 5; pass++) {
    const failed: string[] = []
    for (const name of left) {
      await d1.exec(`DELETE FROM "${name}"`).catch(() => failed.push(name))
    }
    left = failed
  }
  if (left.length > 0) throw new Error(`could not empty ${left.join(', ')}`)
}

/**
 * D1 inside workerd (vitest-pool-workers), migrated by test/worker/apply-migrations.ts with the
 * committed SQLite migrations. Statements are serialised, like better-sqlite3.
 */
export function d1Backend(
  d1: D1Binding & ResettableD1,
  liveDb?: D1LiveDatabase & ResettableD1,
): ContractBackend {
  return {
    name: 'D1 (workerd)',
    concurrent: false,
    async open() {
      const ports = createSqliteStorePorts(createD1Driver(d1), PORT_OPTIONS)
      const seed = async (statements: readonly string[]) => {
        for (const statement of statements) await d1.prepare(statement).all()
      }
      return {
        ports,
        seed,
        // Every isolate binds the same LIVE_DB: each handle is one more "instance" on it.
        ...(liveDb && {
          openLive: async () => Object.assign(createD1LiveBreachStore(liveDb), { close() {} }),
        }),
        async reset() {
          await emptyTables(d1)
          if (liveDb) await emptyTables(liveDb)
        },
        close: async () => {},
      }
    },
  }
}

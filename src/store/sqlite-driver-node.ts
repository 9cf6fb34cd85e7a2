import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { fileURLToPath } from 'node:url'
import * as schema from './schema.js'
import type { Database as PwguardDatabase, StoreDriver } from './database.js'

/** Page cache ceiling per connection, in KiB as a negative `cache_size` (64 MiB). */
export const SQLITE_CACHE_KIB = -65_536

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url))

/**
 * Opens (or creates) the SQLite file, applies the committed migrations and returns the driver.
 * WAL lets /range and logins read while a bulk import writes; `synchronous=NORMAL` in WAL
 * mode never corrupts on a crash, it can only lose the last commits of a power cut.
 */
export function openSqliteDriver(filename: string): StoreDriver & {
  close(): void
  checkpoint(): void
} {
  const sqlite = new Database(filename)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  // Overwrite freed row space with zeros: an upgraded or wrapped hash must not survive as a
  // stale copy of the old fast digest in the file's free pages (what a stolen database file would still hold).
  sqlite.pragma('secure_delete = ON')
  sqlite.pragma('busy_timeout = 5000')
  // A ceiling, not an allocation (default 2 MiB): an ingest or import batch dirties thousands
  // of pages, and a smaller cache spills them to the WAL mid-transaction and reads them back.
  sqlite.pragma(`cache_size = ${SQLITE_CACHE_KIB}`)
  const db = drizzle(sqlite, { schema })
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER })
  return {
    db: db as unknown as PwguardDatabase,
    async batch(statements) {
      return sqlite.transaction(() =>
        statements.map(
          (statement) => (statement as unknown as { run(): { changes: number } }).run().changes,
        ),
      )()
    },
    maxBoundParameters: 32_766,
    /**
     * Folds the WAL into the database and truncates it. The WAL keeps old page images (a
     * legacy digest before its upgrade) until it is reset, so the server runs this on a timer.
     */
    checkpoint: () => void sqlite.pragma('wal_checkpoint(TRUNCATE)'),
    close: () => sqlite.close(),
  }
}

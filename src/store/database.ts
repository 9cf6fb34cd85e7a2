import type { BatchItem } from 'drizzle-orm/batch'
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core'
import type * as schema from './schema.js'

/**
 * A drizzle database over either driver: better-sqlite3 (sync) on Node, D1 (async) on Workers.
 * Every query is awaited, which works for both. Multi-statement writes go through `batch`,
 * never an interactive transaction, because D1 has none.
 */
export type Database = BaseSQLiteDatabase<'sync' | 'async', unknown, typeof schema>

export interface StoreDriver {
  db: Database
  /**
   * Runs the statements atomically: all or none (a transaction on SQLite, `batch` on D1).
   * Resolves to the rows each statement changed, in order.
   */
  batch(statements: BatchItem<'sqlite'>[]): Promise<number[]>
  /** Bound parameters one statement may carry (SQLite: 32766; D1: 100). Bulk writes chunk by it. */
  maxBoundParameters: number
}

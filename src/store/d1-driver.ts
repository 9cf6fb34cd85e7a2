import type { BatchItem } from 'drizzle-orm/batch'
import { drizzle } from 'drizzle-orm/d1'
import type { Database, StoreDriver } from './database.js'
import * as schema from './schema.js'

/** The D1 binding as drizzle accepts it (`env.DB` on a Worker). */
export type D1Binding = Parameters<typeof drizzle>[0]

/**
 * The store on Cloudflare D1. Migrations are applied by `wrangler d1 migrations apply` from the
 * same folder Node migrates from, never at request time. D1 has no interactive transactions:
 * `batch` sends the statements as one implicit transaction, so they commit all or none.
 */
export function createD1Driver(d1: D1Binding): StoreDriver {
  const db = drizzle(d1, { schema })
  return {
    db: db as unknown as Database,
    async batch(statements) {
      const [first, ...rest] = statements
      if (first === undefined) return []
      const results = await db.batch([first, ...rest] as [
        BatchItem<'sqlite'>,
        ...BatchItem<'sqlite'>[],
      ])
      // Statements without RETURNING answer a D1Result; its meta counts the rows changed.
      return results.map((result) => (result as { meta?: { changes?: number } }).meta?.changes ?? 0)
    },
    // D1 refuses statements with more than 100 bound parameters.
    maxBoundParameters: 100,
  }
}

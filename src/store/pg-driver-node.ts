import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import { redactDatabaseUrl } from './redact-database-url.js'
import * as pgSchema from './pg-schema.js'
import { migratePg, pgMigrationsCurrent } from './pg-migrate-node.js'

export type PgDatabase = NodePgDatabase<typeof pgSchema>

export interface PgDriverOptions {
  /** `postgres://user:password@host:port/database` (PWGUARD_DATABASE_URL). */
  url: string
  /** Connections this instance may hold (PWGUARD_DATABASE_POOL_SIZE). */
  poolSize: number
  /** Apply the committed migrations before returning (default true). */
  migrate?: boolean
}

/**
 * The store on PostgreSQL, for many pwguard instances sharing one database. Unlike SQLite and
 * D1, PostgreSQL has real transactions and row locks; the adapters still write single
 * statements where they can, so the same reasoning holds on every backend.
 */
export interface PgDriver {
  db: PgDatabase
  pool: pg.Pool
  /** Bound parameters one statement may carry (the wire protocol's 16-bit count). */
  maxBoundParameters: number
  /** Migrations applied by this open (0 when another instance got there first). */
  migrationsApplied: number
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>
  migrationsCurrent(): Promise<boolean>
  close(): Promise<void>
}

export async function openPgDriver(options: PgDriverOptions): Promise<PgDriver> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    connectionTimeoutMillis: 10_000,
    application_name: 'pwguard',
  })
  // An idle client losing its server (failover, restart) must not crash the process.
  pool.on('error', () => {})
  try {
    const { applied } = options.migrate === false ? { applied: 0 } : await migratePg(pool)
    return {
      db: drizzle(pool, { schema: pgSchema }),
      pool,
      maxBoundParameters: 65_535,
      migrationsApplied: applied,
      ping: async () => void (await pool.query('SELECT 1')),
      migrationsCurrent: () => pgMigrationsCurrent(pool),
      close: () => pool.end(),
    }
  } catch (error) {
    await pool.end()
    // A start-up failure the operator can act on, naming the server but never the password.
    const reason = (error as Error).message
    throw Object.assign(
      new Error(`cannot open PostgreSQL at ${redactDatabaseUrl(options.url)}: ${reason}`, {
        cause: error,
      }),
      { code: 'PWGUARD_STARTUP' },
    )
  }
}

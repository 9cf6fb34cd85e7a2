import { sql } from 'drizzle-orm'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import { drizzle } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import { fileURLToPath } from 'node:url'
import type { Pool, PoolClient } from 'pg'

export const PG_MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations-pg', import.meta.url))

/** Session-level advisory lock key every pwguard instance takes before migrating. */
const MIGRATION_LOCK = sql`hashtext('pwguard.migrations')`

/**
 * Applies the committed PostgreSQL migrations, holding an advisory lock so instances starting
 * together queue instead of racing: drizzle's `CREATE SCHEMA IF NOT EXISTS` and its read of the
 * last applied migration are not safe to run twice at once. The lock is session-level, so it is
 * taken and released on one pooled connection; a crashed holder's lock dies with its session.
 * Returns how many migrations this call applied (0 when another instance already did).
 */
export async function migratePg(pool: Pool): Promise<{ applied: number }> {
  const client = await pool.connect()
  try {
    const db = drizzle(client)
    await db.execute(sql`SELECT pg_advisory_lock(${MIGRATION_LOCK})`)
    try {
      const before = await appliedMigrationCount(client)
      await migrate(db, { migrationsFolder: PG_MIGRATIONS_FOLDER })
      return { applied: (await appliedMigrationCount(client)) - before }
    } finally {
      await db.execute(sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`)
    }
  } finally {
    client.release()
  }
}

/** Rows in drizzle's journal table; 0 before the first migration created it. */
export async function appliedMigrationCount(pool: Pool | PoolClient): Promise<number> {
  const exists = await pool.query<{ table: string | null }>(
    `SELECT to_regclass('drizzle.__drizzle_migrations')::text AS "table"`,
  )
  if (!exists.rows[0]?.table) return 0
  const count = await pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations',
  )
  return count.rows[0]?.n ?? 0
}

/** Whether every committed migration has been applied (for /ready). */
export async function pgMigrationsCurrent(pool: Pool): Promise<boolean> {
  const committed = readMigrationFiles({ migrationsFolder: PG_MIGRATIONS_FOLDER }).length
  return (await appliedMigrationCount(pool)) >= committed
}

import { sql } from 'drizzle-orm'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import type { Database } from './database.js'
import { MIGRATIONS_FOLDER } from './sqlite-driver-node.js'

/** Whether every committed SQLite migration is recorded as applied (for /ready). */
export async function sqliteMigrationsCurrent(db: Database): Promise<boolean> {
  const committed = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).length
  const rows = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM __drizzle_migrations`)
  return (rows[0]?.n ?? 0) >= committed
}

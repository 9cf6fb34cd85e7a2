import { sql } from 'drizzle-orm'
import { getTableConfig as pgTableConfig, PgTable } from 'drizzle-orm/pg-core'
import { getTableConfig as sqliteTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core'
import { describe, expect, it } from 'vitest'
import * as pgSchema from '../../src/store/pg-schema.js'
import * as sqliteSchema from '../../src/store/schema.js'
import { openSqliteDriver } from '../../src/store/sqlite-driver-node.js'
import { sqliteMigrationsCurrent } from '../../src/store/sqlite-migrations-node.js'

type Shape = Record<string, { columns: string[]; primaryKey: string[]; indexes: string[] }>

function sqliteShape(): Shape {
  const tables = Object.values(sqliteSchema).filter((t) => t instanceof SQLiteTable)
  return Object.fromEntries(
    tables.map((table) => {
      const config = sqliteTableConfig(table)
      return [
        config.name,
        {
          columns: config.columns.map((c) => `${c.name}${c.notNull ? '!' : ''}`).sort(),
          primaryKey: [
            ...config.columns.filter((c) => c.primary).map((c) => c.name),
            ...config.primaryKeys.flatMap((pk) => pk.columns.map((c) => c.name)),
          ],
          indexes: config.indexes.map((i) => i.config.name).sort(),
        },
      ]
    }),
  )
}

function pgShape(): Shape {
  const tables = Object.values(pgSchema).filter((t) => t instanceof PgTable)
  return Object.fromEntries(
    tables.map((table) => {
      const config = pgTableConfig(table)
      return [
        config.name,
        {
          columns: config.columns.map((c) => `${c.name}${c.notNull ? '!' : ''}`).sort(),
          primaryKey: [
            ...config.columns.filter((c) => c.primary).map((c) => c.name),
            ...config.primaryKeys.flatMap((pk) => pk.columns.map((c) => c.name)),
          ],
          indexes: config.indexes.map((i) => i.config.name ?? '').sort(),
        },
      ]
    }),
  )
}

describe('the PostgreSQL schema mirrors the SQLite one', () => {
  it('same tables, columns, nullability, keys and indexes', () => {
    // A table or column added to schema.ts needs its twin in pg-schema.ts (and db:generate:pg).
    expect(pgShape()).toEqual(sqliteShape())
    expect(Object.keys(sqliteShape()).length).toBeGreaterThanOrEqual(11)
  })
})

describe('sqliteMigrationsCurrent (for /ready)', () => {
  it('is true after start-up and false when a committed migration is missing', async () => {
    const driver = openSqliteDriver(':memory:')
    expect(await sqliteMigrationsCurrent(driver.db)).toBe(true)
    await driver.db.run(
      sql`DELETE FROM __drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM __drizzle_migrations)`,
    )
    expect(await sqliteMigrationsCurrent(driver.db)).toBe(false)
    driver.close()
  })
})

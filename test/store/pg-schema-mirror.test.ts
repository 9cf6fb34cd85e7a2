import { sql } from 'drizzle-orm'
import { getTableConfig as pgTableConfig, PgTable } from 'drizzle-orm/pg-core'
import { getTableConfig as sqliteTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core'
import { describe, expect, it } from 'vitest'
import * as pgSchema from '../../src/store/pg-schema.js'
import * as sqliteSchema from '../../src/store/schema.js'
import { openSqliteDriver } from '../../src/store/sqlite-driver-node.js'
import { sqliteMigrationsCurrent } from '../../src/store/sqlite-migrations-node.js'

type Shape = Record<string, { columns: string[]; primaryKey: string[]; indexes: string[] }>

/** The part of a drizzle table config (SQLite's or PostgreSQL's) the comparison reads. */
interface TableConfigLike {
  name: string
  columns: { name: string; notNull: boolean; primary: boolean }[]
  primaryKeys: { columns: { name: string }[] }[]
  indexes: { config: { name?: string } }[]
}

function shapeOf(configs: TableConfigLike[]): Shape {
  return Object.fromEntries(
    configs.map((config) => [
      config.name,
      {
        columns: config.columns.map((c) => `${c.name}${c.notNull ? '!' : ''}`).sort(),
        primaryKey: [
          ...config.columns.filter((c) => c.primary).map((c) => c.name),
          ...config.primaryKeys.flatMap((pk) => pk.columns.map((c) => c.name)),
        ],
        indexes: config.indexes.map((i) => i.config.name ?? '').sort(),
      },
    ]),
  )
}

const sqliteShape = (): Shape =>
  shapeOf(
    Object.values(sqliteSchema)
      .filter((t) => t instanceof SQLiteTable)
      .map((table) => sqliteTableConfig(table)),
  )

const pgShape = (): Shape =>
  shapeOf(
    Object.values(pgSchema)
      .filter((t) => t instanceof PgTable)
      .map((table) => pgTableConfig(table)),
  )

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

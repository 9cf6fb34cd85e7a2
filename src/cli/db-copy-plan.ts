import { getTableColumns, type Column } from 'drizzle-orm'
import { getTableConfig as pgTableConfig, PgTable } from 'drizzle-orm/pg-core'
import { getTableConfig as sqliteTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core'
import * as pgSchema from '../store/pg-schema.js'
import * as sqliteSchema from '../store/schema.js'

/** One column as both schemas name it: the drizzle key, and each dialect's column object. */
export interface CopyColumn {
  key: string
  /** The SQL column name (the same in both dialects). */
  name: string
  sqlite: Column
  pg: Column
}

/** One table to copy: both dialects' definitions, paired column by column. */
export interface CopyTable {
  name: string
  sqlite: SQLiteTable
  pg: PgTable
  columns: CopyColumn[]
  /** Drizzle keys of the primary key, to find a sampled row in the target. */
  primaryKey: string[]
}

const tablesOf = <T>(schema: object, kind: abstract new (...args: never[]) => T): T[] =>
  Object.values(schema).filter((value): value is T => value instanceof kind)

function pair(sqlite: SQLiteTable, pg: PgTable): CopyTable {
  const name = sqliteTableConfig(sqlite).name
  const sqliteColumns = Object.entries(getTableColumns(sqlite))
  const pgColumns = getTableColumns(pg) as Record<string, Column>
  if (sqliteColumns.length !== Object.keys(pgColumns).length) {
    throw new Error(`schema drift: table ${name} has different columns in pg-schema.ts`)
  }
  const columns = sqliteColumns.map(([key, column]) => {
    const twin = pgColumns[key]
    if (!twin || twin.name !== column.name) {
      throw new Error(`schema drift: ${name}.${column.name} has no twin in pg-schema.ts`)
    }
    return { key, name: column.name, sqlite: column, pg: twin }
  })
  const config = sqliteTableConfig(sqlite)
  const pkNames = [
    ...config.columns.filter((c) => c.primary).map((c) => c.name),
    ...config.primaryKeys.flatMap((pk) => pk.columns.map((c) => c.name)),
  ]
  const primaryKey = pkNames.map((pk) => columns.find((c) => c.name === pk)!.key)
  return { name, sqlite, pg, columns, primaryKey }
}

/** Orders tables so every referenced table comes before the tables that reference it. */
function foreignKeyOrder(tables: CopyTable[]): CopyTable[] {
  const byName = new Map(tables.map((table) => [table.name, table]))
  const done = new Set<string>()
  const ordered: CopyTable[] = []
  const visit = (table: CopyTable, path: string[]) => {
    if (done.has(table.name)) return
    if (path.includes(table.name)) throw new Error(`foreign-key cycle: ${path.join(' → ')}`)
    for (const fk of pgTableConfig(table.pg).foreignKeys) {
      const target = byName.get(pgTableConfig(fk.reference().foreignTable).name)
      if (target && target !== table) visit(target, [...path, table.name])
    }
    done.add(table.name)
    ordered.push(table)
  }
  for (const table of tables) visit(table, [])
  return ordered
}

/**
 * Every table of the SQLite schema paired with its PostgreSQL twin, parents first. Driven by the
 * two drizzle schemas (which test/store/pg-schema-mirror.test.ts keeps in step), so a table
 * added to both is copied with no change here; a table missing on either side stops the copy.
 */
export function dbCopyPlan(): CopyTable[] {
  const pgByName = new Map(tablesOf(pgSchema, PgTable).map((t) => [pgTableConfig(t).name, t]))
  const sqliteTables = tablesOf(sqliteSchema, SQLiteTable)
  if (sqliteTables.length !== pgByName.size) {
    throw new Error('schema drift: schema.ts and pg-schema.ts have different tables')
  }
  const pairs = sqliteTables.map((table) => {
    const name = sqliteTableConfig(table).name
    const twin = pgByName.get(name)
    if (!twin) throw new Error(`schema drift: table ${name} is missing from pg-schema.ts`)
    return pair(table, twin)
  })
  return foreignKeyOrder(pairs)
}

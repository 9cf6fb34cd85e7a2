import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { existsSync } from 'node:fs'
import type { Database as PwguardDatabase } from '../store/database.js'
import * as schema from '../store/schema.js'
import { sqliteMigrationsCurrent } from '../store/sqlite-migrations-node.js'
import type { CopyTable } from './db-copy-plan.js'
import { DbCopyRefused } from './db-copy-refused.js'

/** A row keyed by drizzle key, with drizzle's own value mapping (0/1 → boolean, …). */
export type CopyRow = Record<string, unknown>

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`

export interface CopySource {
  count(table: CopyTable): number
  /** Streams the table's rows in storage order, mapped to drizzle values. */
  rows(table: CopyTable): IterableIterator<CopyRow>
  /** Each tenant's last audit entry: the chain head the copy must carry over unchanged. */
  auditHeads(table: CopyTable): CopyRow[]
  close(): void
}

function mapRow(table: CopyTable, raw: Record<string, unknown>): CopyRow {
  const row: CopyRow = {}
  for (const column of table.columns) {
    const value = raw[column.name]
    row[column.key] = value === null ? null : column.sqlite.mapFromDriverValue(value)
  }
  return row
}

/**
 * The SQLite file to copy, opened read-only inside one read transaction: every count, row and
 * sample comes from one snapshot even if a server is still writing (WAL), so the verification
 * compares like with like. Refuses a file that is missing or not fully migrated.
 */
export async function openCopySource(file: string): Promise<CopySource> {
  if (!existsSync(file)) throw new DbCopyRefused(`source ${file} does not exist`)
  const sqlite = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const current = await sqliteMigrationsCurrent(
      drizzle(sqlite, { schema }) as unknown as PwguardDatabase,
    ).catch(() => false)
    if (!current) {
      throw new DbCopyRefused(
        `source ${file} is not at the latest schema: open it once with this pwguard version (e.g. \`pwguard audit verify\` with PWGUARD_DB pointing at it), then copy`,
      )
    }
  } catch (error) {
    sqlite.close()
    throw error
  }
  sqlite.exec('BEGIN')
  return {
    count: (table) =>
      (sqlite.prepare(`SELECT count(*) AS n FROM ${quote(table.name)}`).get() as { n: number }).n,
    *rows(table) {
      const statement = sqlite.prepare(`SELECT * FROM ${quote(table.name)}`)
      for (const raw of statement.iterate()) yield mapRow(table, raw as Record<string, unknown>)
    },
    auditHeads(table) {
      const statement = sqlite.prepare(
        `SELECT * FROM ${quote(table.name)} WHERE (tenant_id, seq) IN (SELECT tenant_id, max(seq) FROM ${quote(table.name)} GROUP BY tenant_id)`,
      )
      return statement.all().map((raw) => mapRow(table, raw as Record<string, unknown>))
    },
    close() {
      sqlite.exec('COMMIT')
      sqlite.close()
    },
  }
}

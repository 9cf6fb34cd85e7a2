import { redactDatabaseUrl } from '../store/redact-database-url.js'
import { and, eq, sql } from 'drizzle-orm'
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import { migratePg, pgMigrationsCurrent } from '../store/pg-migrate-node.js'
import type { CopyTable } from './db-copy-plan.js'
import { DbCopyRefused } from './db-copy-refused.js'
import type { CopyRow } from './db-copy-source.js'

/** Bound parameters per statement stay well under the wire protocol's 65,535. */
const MAX_PARAMETERS = 60_000

/** Rows per multi-row INSERT: at most `batch`, and never past the parameter limit. */
export const rowsPerInsert = (table: CopyTable, batch: number) =>
  Math.max(1, Math.min(batch, Math.floor(MAX_PARAMETERS / table.columns.length)))

/** What the copy may do inside its transaction: write batches, then read back to verify. */
export interface CopyTransaction {
  insert(table: CopyTable, rows: CopyRow[]): Promise<void>
  count(table: CopyTable): Promise<number>
  /** The target's row with the primary key of `row`, or null. */
  find(table: CopyTable, row: CopyRow): Promise<CopyRow | null>
}

export interface CopyTarget {
  /**
   * Runs `work` in one transaction with every copied table locked and checked empty; it
   * commits only if `work` returns, so a failed verification leaves the target empty.
   */
  transaction(tables: CopyTable[], work: (tx: CopyTransaction) => Promise<void>): Promise<void>
  close(): Promise<void>
}

/**
 * The PostgreSQL database to copy into. It must carry every committed migration (`migrate`
 * applies them first, under the same advisory lock instances take) and be empty: the copy
 * never merges into live data.
 */
export async function openCopyTarget(url: string, migrate: boolean): Promise<CopyTarget> {
  const pool = new pg.Pool({ connectionString: url, max: 2, application_name: 'pwguard db copy' })
  pool.on('error', () => {})
  try {
    if (migrate) await migratePg(pool)
    if (!(await pgMigrationsCurrent(pool))) {
      throw new DbCopyRefused(
        `target ${redactDatabaseUrl(url)} is not migrated: pass --migrate to apply the PostgreSQL migrations first (or start one pwguard instance on it)`,
      )
    }
  } catch (error) {
    await pool.end()
    throw error
  }
  return {
    async transaction(tables, work) {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        // No instance may write while we check and fill: emptiness holds until COMMIT.
        const names = tables.map((t) => `"${t.name}"`).join(', ')
        await client.query(`LOCK TABLE ${names} IN SHARE ROW EXCLUSIVE MODE`)
        for (const table of tables) {
          const { rows } = await client.query(`SELECT EXISTS (SELECT 1 FROM "${table.name}") AS x`)
          if (rows[0]?.x) {
            throw new DbCopyRefused(
              `target is not empty (table ${table.name} has rows): copy into a freshly migrated database`,
            )
          }
        }
        await work(copyTransaction(drizzle(client)))
        await client.query('COMMIT')
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {})
        throw error
      } finally {
        client.release()
      }
    },
    close: () => pool.end(),
  }
}

function copyTransaction(db: NodePgDatabase): CopyTransaction {
  return {
    insert: async (table, rows) => void (await db.insert(table.pg).values(rows)),
    async count(table) {
      const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(table.pg)
      return row?.n ?? 0
    },
    async find(table, row) {
      const where = table.primaryKey.map((key) => {
        const column = table.columns.find((c) => c.key === key)!
        return eq(column.pg, row[key])
      })
      const [found] = await db
        .select()
        .from(table.pg)
        .where(and(...where))
      return (found as CopyRow | undefined) ?? null
    },
  }
}

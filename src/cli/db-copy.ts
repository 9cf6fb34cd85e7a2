import { dbCopyPlan, type CopyTable } from './db-copy-plan.js'
import { DbCopyRefused } from './db-copy-refused.js'
import { openCopySource, type CopyRow, type CopySource } from './db-copy-source.js'
import { openCopyTarget, rowsPerInsert, type CopyTransaction } from './db-copy-target.js'

export interface DbCopyOptions {
  from: string
  to: string
  /** Apply the PostgreSQL migrations to the target first. */
  migrate: boolean
  /** Rows per multi-row INSERT (capped by the parameter limit). */
  batch: number
  /** Rows per table compared field by field after the copy, spread over the table. */
  sample: number
  /** One progress line (stderr); never a value from a row. */
  progress(line: string): void
}

export interface TableReport {
  table: string
  rows: number
  /** Rows read back from the target and compared column by column. */
  compared: number
}

/** Compares one source row with its copy; returns the first differing column's key, or null. */
function firstDifference(table: CopyTable, source: CopyRow, copy: CopyRow | null): string | null {
  if (copy === null) return '(row missing)'
  for (const { key } of table.columns) {
    if (!Object.is(source[key], copy[key])) return key
  }
  return null
}

async function copyTable(
  source: CopySource,
  tx: CopyTransaction,
  table: CopyTable,
  options: DbCopyOptions,
): Promise<TableReport> {
  const total = source.count(table)
  const per = rowsPerInsert(table, options.batch)
  const stride = Math.max(1, Math.ceil(total / options.sample))
  const samples: CopyRow[] = table.name === 'audit_log' ? source.auditHeads(table) : []
  let batch: CopyRow[] = []
  let copied = 0
  let reported = 0
  for (const row of source.rows(table)) {
    if (copied % stride === 0) samples.push(row)
    batch.push(row)
    copied++
    if (batch.length === per) {
      await tx.insert(table, batch)
      batch = []
      if (copied - reported >= 50_000) {
        options.progress(`db copy: ${table.name} ${copied}/${total}`)
        reported = copied
      }
    }
  }
  if (batch.length > 0) await tx.insert(table, batch)
  const counted = await tx.count(table)
  if (counted !== total || copied !== total) {
    throw new DbCopyRefused(
      `verification failed: ${table.name} has ${total} rows in the source, ${counted} in the target`,
    )
  }
  for (const sample of samples) {
    const differs = firstDifference(table, sample, await tx.find(table, sample))
    if (differs !== null) {
      // The key names the row (ids only); the values stay out of the message: they may be hashes.
      const id = table.primaryKey.map((key) => String(sample[key])).join('/')
      throw new DbCopyRefused(`verification failed: ${table.name} ${id}: column ${differs} differs`)
    }
  }
  options.progress(`db copy: ${table.name} ${total} rows, ${samples.length} compared`)
  return { table: table.name, rows: total, compared: samples.length }
}

/**
 * Copies a SQLite deployment into an empty, migrated PostgreSQL database, table by table in
 * foreign-key order, in one transaction: counts and sampled rows (every tenant's audit chain
 * head among them) are verified before COMMIT, so a failed copy leaves the target empty.
 */
export async function copySqliteToPostgres(options: DbCopyOptions): Promise<TableReport[]> {
  const plan = dbCopyPlan()
  const source = await openCopySource(options.from)
  try {
    const target = await openCopyTarget(options.to, options.migrate)
    try {
      const reports: TableReport[] = []
      await target.transaction(plan, async (tx) => {
        for (const table of plan) reports.push(await copyTable(source, tx, table, options))
      })
      return reports
    } finally {
      await target.close()
    }
  } finally {
    source.close()
  }
}

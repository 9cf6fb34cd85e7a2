import { parseArgs } from 'node:util'
import { CliUsageError, type CliCommand } from './cli-command.js'
import { copySqliteToPostgres } from './db-copy.js'
import { DbCopyRefused } from './db-copy-refused.js'
import { redactDatabaseUrl } from '../store/redact-database-url.js'

const positive = (raw: string | undefined, fallback: number, flag: string): number => {
  if (raw === undefined) return fallback
  const value = Number(raw)
  if (!Number.isSafeInteger(value) || value < 1) throw new CliUsageError(`${flag} must be ≥ 1`)
  return value
}

export const dbCopyCommand: CliCommand = {
  name: ['db', 'copy'],
  summary:
    'copy a SQLite deployment into an empty PostgreSQL database, verified by counts and sampled rows',
  usage:
    'pwguard db copy --to postgres://… [--from FILE.db] [--migrate] [--batch 1000] [--sample 50]',
  async run(args, { config, io }) {
    const { values } = parseArgs({
      args,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        migrate: { type: 'boolean' },
        batch: { type: 'string' },
        sample: { type: 'string' },
      },
    })
    const to = values.to
    if (!to || !/^postgres(ql)?:\/\//.test(to)) {
      throw new CliUsageError('--to must be a postgres:// URL')
    }
    const from = values.from ?? config.dbFile
    // The URL carries the password: only its redacted form is ever printed.
    io.stderr(`db copy: ${from} → ${redactDatabaseUrl(to)}\n`)
    try {
      const reports = await copySqliteToPostgres({
        from,
        to,
        migrate: values.migrate ?? false,
        batch: positive(values.batch, 1_000, '--batch'),
        sample: positive(values.sample, 50, '--sample'),
        progress: (line) => io.stderr(`${line}\n`),
      })
      for (const { table, rows, compared } of reports) {
        io.stdout(`${table.padEnd(24)} ${String(rows).padStart(10)} rows  ${compared} compared\n`)
      }
      const total = reports.reduce((sum, report) => sum + report.rows, 0)
      io.stdout(`ok, ${total} rows in ${reports.length} tables copied and verified\n`)
      return 0
    } catch (error) {
      // The message only (a driver error's detail can quote row values, i.e. hashes); the
      // transaction rolled back, so the target holds no copied row.
      const reason = error instanceof DbCopyRefused ? error.message : `failed: ${String(error)}`
      io.stderr(`pwguard db copy: ${reason}; no rows were written to the target\n`)
      return 1
    }
  },
}

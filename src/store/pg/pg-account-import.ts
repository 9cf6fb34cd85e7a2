import { and, eq, inArray, sql } from 'drizzle-orm'
import type { KeyedHash } from '../../crypto/keyed-hash.js'
import type { PgDatabase } from '../pg-driver-node.js'
import type {
  AccountStore,
  ImportCounts,
  ImportedAccount,
  ImportState,
} from '../ports/account-store.js'
import { accounts } from '../pg-schema.js'
import { appendLocked, isRetryable, type PgTx } from './pg-audited-write.js'

const MAX_ATTEMPTS = 8
/**
 * Two imports inserting the same new account at once: both pass the arbiter (primary key)
 * pre-check, and the e-mail index, not an arbiter, then refuses the second with 23505 once the
 * first commits. Run again, it takes the update path. An e-mail truly held by another account
 * fails the same way every time, so it is retried only this often before it is thrown.
 */
const UNIQUE_ATTEMPTS = 3

/** The import columns of those of these externalIds that exist. */
export async function pgImportState(
  db: PgDatabase,
  tenantId: string,
  externalIds: readonly string[],
): Promise<Map<string, ImportState>> {
  if (externalIds.length === 0) return new Map()
  const rows = await db
    .select({
      externalId: accounts.externalId,
      importFingerprint: accounts.importFingerprint,
      importedAt: accounts.importedAt,
    })
    .from(accounts)
    .where(and(eq(accounts.tenantId, tenantId), inArray(accounts.externalId, [...externalIds])))
  return new Map(rows.map(({ externalId, ...row }) => [externalId, row]))
}

/**
 * One import batch on PostgreSQL: a single `INSERT … SELECT FROM unnest(…)` (one array per
 * column: nine parameters whatever the batch size, 2.27× multi-row VALUES in
 * scripts/bench/pg-import-postgres.ts) and the audit entry, in one transaction. The counts
 * come from the upsert itself (`xmax = 0`: the row was inserted; a row the fingerprint
 * condition skipped is not returned), so they are exactly what this transaction wrote.
 */
export function pgImportBatch(db: PgDatabase, auditKey: KeyedHash): AccountStore['importBatch'] {
  return async (rows, entry) => {
    if (rows.length === 0) return { imported: 0, updated: 0, unchanged: 0 }
    for (let attempt = 1; ; attempt++) {
      try {
        return await db.transaction(async (tx) => {
          const counts = await upsert(tx, rows)
          await appendLocked(tx, auditKey, entry(counts))
          return counts
        })
      } catch (error) {
        const again = isRetryable(error) || (attempt < UNIQUE_ATTEMPTS && isUniqueViolation(error))
        if (attempt >= MAX_ATTEMPTS || !again) throw error
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 ** attempt))
      }
    }
  }
}

async function upsert(tx: PgTx, rows: readonly ImportedAccount[]): Promise<ImportCounts> {
  const column = <K extends keyof ImportedAccount>(key: K) => sql.param(rows.map((r) => r[key]))
  const result = await tx.execute<{ inserted: boolean }>(sql`
    INSERT INTO ${accounts} (tenant_id, external_id, email_index, password_hash, scheme,
      import_fingerprint, imported_at, created_at, updated_at)
    SELECT * FROM unnest(${column('tenantId')}::text[], ${column('externalId')}::text[],
      ${column('emailIndex')}::text[], ${column('passwordHash')}::text[], ${column('scheme')}::text[],
      ${column('importFingerprint')}::text[], ${column('importedAt')}::bigint[],
      ${column('createdAt')}::bigint[], ${column('updatedAt')}::bigint[])
    ON CONFLICT (tenant_id, external_id) DO UPDATE SET
      password_hash = excluded.password_hash,
      scheme = excluded.scheme,
      import_fingerprint = excluded.import_fingerprint,
      -- The fingerprint follows what was imported: a later import resets its clock.
      imported_at = excluded.imported_at,
      email_index = coalesce(excluded.email_index, accounts.email_index),
      updated_at = excluded.updated_at
    -- Same legacy hash as last import: leave the (possibly upgraded) account alone.
    WHERE accounts.import_fingerprint IS DISTINCT FROM excluded.import_fingerprint
    RETURNING (xmax = 0) AS inserted`)
  const imported = result.rows.filter((row) => row.inserted).length
  const updated = result.rows.length - imported
  return { imported, updated, unchanged: rows.length - result.rows.length }
}

/** 23505 unique_violation, anywhere in the cause chain. */
function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    if ((e as { code?: unknown }).code === '23505') return true
  }
  return false
}

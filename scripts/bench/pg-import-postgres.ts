import { sql } from 'drizzle-orm'
import type { PgDriver } from '../../src/store/pg-driver-node.js'
import { accountExposures, accounts, exposureRecords } from '../../src/store/pg-schema.js'
import { batches, type AccountRow, type ExposureRow } from './pg-import-rows.js'

/** Runs `work` on one pooled connection inside BEGIN … COMMIT (one transaction per batch). */
async function inTransaction(driver: PgDriver, work: (query: QueryFn) => Promise<unknown>) {
  const client = await driver.pool.connect()
  try {
    await client.query('BEGIN')
    await work((text, values) => client.query(text, values))
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK')
    throw error
  } finally {
    client.release()
  }
}
type QueryFn = (text: string, values: unknown[]) => Promise<unknown>

/** Multi-row VALUES through drizzle: what a port adapter gets by porting the SQLite code as is. */
export async function pgValuesImport(driver: PgDriver, rows: AccountRow[], batch: number) {
  for (const chunk of batches(rows, batch)) {
    await driver.db.transaction(async (tx) => {
      await tx
        .insert(accounts)
        .values(chunk)
        .onConflictDoUpdate({
          target: [accounts.tenantId, accounts.externalId],
          set: {
            passwordHash: sql`excluded.password_hash`,
            importFingerprint: sql`excluded.import_fingerprint`,
            updatedAt: sql`excluded.updated_at`,
          },
          setWhere: sql`${accounts.importFingerprint} IS DISTINCT FROM excluded.import_fingerprint`,
        })
    })
  }
}

export async function pgValuesIngest(driver: PgDriver, rows: ExposureRow[], batch: number) {
  const now = Date.now()
  for (const chunk of batches(rows, batch)) {
    const base = { tenantId: 'bench', incidentId: 'inc-1', createdAt: now }
    await driver.db.transaction(async (tx) => {
      // Ingest batches are 5,000 records; 9 columns each would pass the 65,535-parameter cap.
      for (const part of batches(chunk, 5_000)) {
        await tx
          .insert(exposureRecords)
          .values(part.map((r) => ({ ...base, ...r })))
          .onConflictDoNothing()
        await tx
          .insert(accountExposures)
          .values(
            part.map(({ externalId, passwordMatch, matchVia }) => ({
              ...base,
              externalId,
              passwordMatch,
              matchVia,
            })),
          )
          .onConflictDoUpdate({
            target: [
              accountExposures.tenantId,
              accountExposures.incidentId,
              accountExposures.externalId,
            ],
            set: {
              passwordMatch: sql`${accountExposures.passwordMatch} OR excluded.password_match`,
              matchVia: sql`${accountExposures.matchVia} | excluded.match_via`,
            },
          })
      }
    })
  }
}

const column = <T, K extends keyof T>(rows: T[], key: K) => rows.map((row) => row[key])

/** One `INSERT … SELECT * FROM unnest($1::text[], …)` per table and batch: ten parameters, any row count. */
export async function pgUnnestImport(driver: PgDriver, rows: AccountRow[], batch: number) {
  for (const chunk of batches(rows, batch)) {
    await inTransaction(driver, (query) =>
      query(
        `INSERT INTO accounts (tenant_id, external_id, email_index, password_hash, scheme, import_fingerprint, must_reset, reset_reasons, created_at, updated_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[], $8::text[], $9::bigint[], $10::bigint[])
         ON CONFLICT (tenant_id, external_id) DO UPDATE SET password_hash = excluded.password_hash,
           import_fingerprint = excluded.import_fingerprint, updated_at = excluded.updated_at
         WHERE accounts.import_fingerprint IS DISTINCT FROM excluded.import_fingerprint`,
        (
          [
            'tenantId',
            'externalId',
            'emailIndex',
            'passwordHash',
            'scheme',
            'importFingerprint',
            'mustReset',
            'resetReasons',
            'createdAt',
            'updatedAt',
          ] as const
        ).map((key) => column(chunk, key)),
      ),
    )
  }
}

/**
 * Both ingest tables in one statement: the batch's arrays cross the wire once and a data-modifying
 * CTE writes the records while the outer INSERT upserts the account exposures.
 */
export async function pgUnnestIngest(driver: PgDriver, rows: ExposureRow[], batch: number) {
  const now = Date.now()
  for (const chunk of batches(rows, batch)) {
    const values = [
      column(chunk, 'recordKey'),
      column(chunk, 'externalId'),
      column(chunk, 'passwordMatch'),
      column(chunk, 'matchVia'),
      now,
    ]
    await inTransaction(driver, (query) =>
      query(
        `WITH input AS (SELECT * FROM unnest($1::text[], $2::text[], $3::boolean[], $4::int[]) AS r(k, e, m, v)),
         records AS (
           INSERT INTO exposure_records (tenant_id, incident_id, record_key, external_id, password_match, password_added, created_at, match_via, digest_pending)
           SELECT 'bench', 'inc-1', k, e, m, false, $5, v, false FROM input
           ON CONFLICT DO NOTHING)
         INSERT INTO account_exposures (tenant_id, incident_id, external_id, password_match, match_via, created_at)
         SELECT 'bench', 'inc-1', e, m, v, $5 FROM input
         ON CONFLICT (tenant_id, incident_id, external_id) DO UPDATE SET
           password_match = account_exposures.password_match OR excluded.password_match,
           match_via = account_exposures.match_via | excluded.match_via`,
        values,
      ),
    )
  }
}

import { sql, type SQL } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { KeyedHash } from '../../crypto/keyed-hash.js'
import type { StoreDriver } from '../database.js'
import type {
  AccountMatch,
  ExposureBatch,
  ExposureIngestStore,
} from '../ports/exposure-ingest-store.js'
import type { IncidentScope } from '../ports/incident-store.js'
import { accountExposures, accounts, digestJobs, exposureRecords } from '../schema.js'
import { sqliteWriteAudited } from './sqlite-audited-write.js'
import { sqliteExposureWrites } from './sqlite-exposure-writes.js'
import { jsonList, jsonSlices } from './sqlite-json-list.js'
import { sqliteOutboxEventInsert } from './sqlite-outbox-event-insert.js'

/**
 * Exposure ingest on SQLite and D1. Lists travel as one JSON parameter (json_each), so a batch
 * of thousands stays under D1's 100 bound parameters; the write is one batch with its entry.
 */
export function createSqliteExposureIngestStore(
  driver: StoreDriver,
  key: KeyedHash,
): ExposureIngestStore {
  const { db } = driver
  const ofIncident = (table: typeof exposureRecords | typeof accountExposures, s: IncidentScope) =>
    sql`${table.tenantId} = ${s.tenantId} AND ${table.incidentId} = ${s.incidentId}`
  const accountsWhere = (tenantId: string, column: SQL, values: string[]) =>
    allSlices(values, (slice) =>
      db.all<AccountMatch>(sql`SELECT ${accounts.externalId} AS externalId,
        ${accounts.emailIndex} AS emailIndex, ${accounts.passwordHash} AS passwordHash,
        ${accounts.importFingerprint} AS importFingerprint, ${accounts.importedAt} AS importedAt,
        ${accounts.passwordChangedAt} AS passwordChangedAt
        FROM ${accounts} WHERE ${accounts.tenantId} = ${tenantId} AND ${column} IN ${jsonList(slice)}`),
    )
  return {
    async existingKeys(scope, keys) {
      const t = exposureRecords
      const rows = await allSlices(keys, (slice) =>
        db.all<{ key: string; pending: number }>(sql`SELECT
          ${t.recordKey} AS key, ${t.digestPending} AS pending FROM ${t}
          WHERE ${ofIncident(t, scope)} AND ${t.recordKey} IN ${jsonList(slice)}`),
      )
      return new Map(rows.map((row) => [row.key, row.pending === 1]))
    },
    accountsByExternalId: (tenantId, ids) =>
      accountsWhere(tenantId, sql`${accounts.externalId}`, ids),
    accountsByEmailIndex: (tenantId, indexes) =>
      accountsWhere(tenantId, sql`${accounts.emailIndex}`, indexes),
    async exposedAlready(scope, externalIds) {
      const t = accountExposures
      const rows = await allSlices(externalIds, (slice) =>
        db.all<{ id: string }>(sql`SELECT ${t.externalId} AS id FROM ${t}
          WHERE ${ofIncident(t, scope)} AND ${t.externalId} IN ${jsonList(slice)}`),
      )
      return new Set(rows.map((row) => row.id))
    },
    async writeBatch(batch, entry) {
      const before = [
        ...sqliteExposureWrites(driver, batch),
        ...(batch.digestCandidates > 0 ? [countCandidates(driver, batch)] : []),
        ...batch.events.map((event) => sqliteOutboxEventInsert(db, event)),
      ]
      await sqliteWriteAudited(driver, key, entry, { before })
    },
  }
}

/** One query per json_each slice of `values` (none for an empty list), rows concatenated. */
async function allSlices<T>(values: string[], query: (slice: string[]) => T[] | Promise<T[]>) {
  const rows: T[] = []
  for (const slice of jsonSlices(values)) rows.push(...(await query(slice)))
  return rows
}

/** Counts the batch's candidates on the incident's digest job (created on first use). */
function countCandidates(driver: StoreDriver, batch: ExposureBatch) {
  const { tenantId, incidentId, now, digestCandidates: added } = batch
  return driver.db
    .insert(digestJobs)
    .values({ tenantId, incidentId, candidates: added, startedAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: [digestJobs.tenantId, digestJobs.incidentId],
      set: { candidates: sql`${digestJobs.candidates} + ${added}`, updatedAt: now },
    }) as unknown as BatchItem<'sqlite'>
}

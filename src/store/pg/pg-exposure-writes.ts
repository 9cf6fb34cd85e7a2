import { sql } from 'drizzle-orm'
import type { ExposureBatch } from '../ports/exposure-ingest-store.js'
import type { IncidentCounters } from '../ports/incident-store.js'
import {
  digestJobs,
  exposureRecords,
  incidentCounters,
  webhookOutbox,
  webhooks,
} from '../pg-schema.js'
import type { PgTx } from './pg-audited-write.js'
import { writeAccountExposures } from './pg-account-exposure-writes.js'

const param = (values: unknown[]) => sql.param(values)
const byKey =
  <T>(key: (item: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : 1

/**
 * Writes one ingest batch inside the caller's transaction and moves the incident's counters by
 * what it really inserted: rows come back from `INSERT … ON CONFLICT DO NOTHING RETURNING`, so
 * a record a racing ingest wrote first (its insert waits on that one's key, then skips it) is
 * counted once. Accounts already exposed are locked before their proof is raised, so their
 * move between proof kinds is counted from the committed row. Rows go in key order: two
 * batches lock shared keys in the same order and cannot deadlock each other.
 */
export async function pgWriteExposureBatch(tx: PgTx, batch: ExposureBatch): Promise<void> {
  const { tenantId, incidentId, now } = batch
  const deltas: IncidentCounters = {
    records: 0,
    unmatchedRecords: 0,
    passwordsBlocked: 0,
    accountsExposed: 0,
    passwordMatches: 0,
    matchesPlaintext: 0,
    matchesHashString: 0,
    matchesDigest: 0,
    resetsForced: 0,
  }
  const records = [...batch.records].sort(byKey((r) => r.key))
  if (records.length > 0) {
    const e = exposureRecords
    const inserted = await tx.execute<{ records: number; unmatched: number; blocked: number }>(sql`
      WITH ins AS (INSERT INTO ${e} (tenant_id, incident_id, record_key, external_id,
        password_match, password_added, created_at, match_via, digest_pending)
        SELECT ${tenantId}::text, ${incidentId}::text, k, x, v <> 0, a, ${now}::bigint, v, p
        FROM unnest(${param(records.map((r) => r.key))}::text[],
          ${param(records.map((r) => r.externalId))}::text[],
          ${param(records.map((r) => r.matchVia))}::int[],
          ${param(records.map((r) => r.passwordAdded))}::boolean[],
          ${param(records.map((r) => r.digestPending))}::boolean[]) AS r(k, x, v, a, p)
        ON CONFLICT DO NOTHING RETURNING external_id, password_added)
      SELECT count(*)::int AS records, count(*) FILTER (WHERE external_id IS NULL)::int AS unmatched,
        count(*) FILTER (WHERE password_added)::int AS blocked FROM ins`)
    const row = inserted.rows[0]
    deltas.records += Number(row?.records ?? 0)
    deltas.unmatchedRecords += Number(row?.unmatched ?? 0)
    deltas.passwordsBlocked += Number(row?.blocked ?? 0)
  }
  await writeAccountExposures(tx, batch, deltas)
  if (batch.digestCandidates > 0) {
    const added = batch.digestCandidates
    await tx
      .insert(digestJobs)
      .values({ tenantId, incidentId, candidates: added, startedAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: [digestJobs.tenantId, digestJobs.incidentId],
        set: { candidates: sql`${digestJobs.candidates} + ${added}`, updatedAt: now },
      })
  }
  await insertEvents(tx, batch)
  await addCounters(tx, batch, deltas)
}

/**
 * The batch's `account.exposed` events in one statement (thousands of new accounts are
 * thousands of events): written only while the tenant has an endpoint, once per id.
 */
async function insertEvents(tx: PgTx, batch: ExposureBatch) {
  const events = batch.events
  if (events.length === 0) return
  const o = webhookOutbox
  await tx.execute(sql`INSERT INTO ${o} (id, tenant_id, type, payload, created_at, attempts,
      next_attempt_at, incident_id)
    SELECT i, ${batch.tenantId}::text, t, p, n, 0, n, x
    FROM unnest(${param(events.map((e) => e.id))}::text[], ${param(events.map((e) => e.type))}::text[],
      ${param(events.map((e) => e.payload))}::text[], ${param(events.map((e) => e.now))}::bigint[],
      ${param(events.map((e) => e.incidentId))}::text[]) AS r(i, t, p, n, x)
    WHERE EXISTS (SELECT 1 FROM ${webhooks} WHERE ${webhooks.tenantId} = ${batch.tenantId})
    ON CONFLICT DO NOTHING`)
}

/**
 * `n = n + delta` on the counters row. An incident without one (from before counters existed)
 * is left alone: its row is recounted from the data when first read, these rows included.
 */
async function addCounters(tx: PgTx, scope: ExposureBatch, deltas: IncidentCounters) {
  if (Object.values(deltas).every((value) => value === 0)) return
  const c = incidentCounters
  const set = Object.fromEntries(
    Object.entries(deltas).map(([name, value]) => [
      name,
      sql`${c[name as keyof IncidentCounters]} + ${value}`,
    ]),
  )
  await tx
    .update(c)
    .set(set)
    .where(sql`${c.tenantId} = ${scope.tenantId} AND ${c.incidentId} = ${scope.incidentId}`)
}

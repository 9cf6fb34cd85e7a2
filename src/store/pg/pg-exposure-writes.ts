import { sql } from 'drizzle-orm'
import type { ExposureBatch } from '../ports/exposure-ingest-store.js'
import type { IncidentCounters } from '../ports/incident-store.js'
import { accountExposures, digestJobs, exposureRecords, incidentCounters } from '../pg-schema.js'
import type { PgTx } from './pg-audited-write.js'
import { pgOutboxInsert } from './pg-webhook-outbox-store.js'

const param = (values: unknown[]) => sql.param(values)
const byKey =
  <T>(key: (item: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : 1

/** Strongest proof as the report counts it: 0 none, 1 plaintext (or pre-match_via), 2 string, 3 digest. */
const kindOf = (match: boolean, via: number) =>
  !match ? 0 : via === 0 || via & 1 ? 1 : via & 2 ? 2 : 3
const KIND_COLUMN = { 1: 'matchesPlaintext', 2: 'matchesHashString', 3: 'matchesDigest' } as const

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
  for (const event of batch.events) await pgOutboxInsert(tx, event)
  await addCounters(tx, batch, deltas)
}

/** New exposures counted by kind; existing ones locked, their proof raised and moved. */
async function writeAccountExposures(tx: PgTx, batch: ExposureBatch, deltas: IncidentCounters) {
  const { tenantId, incidentId, now } = batch
  const exposed = [...batch.exposed].sort(byKey((x) => x.externalId))
  if (exposed.length === 0) return
  const a = accountExposures
  const inserted = await tx.execute<{ external_id: string; match_via: number }>(sql`
    INSERT INTO ${a} (tenant_id, incident_id, external_id, password_match, match_via, created_at)
    SELECT ${tenantId}::text, ${incidentId}::text, x, v <> 0, v, ${now}::bigint
    FROM unnest(${param(exposed.map((x) => x.externalId))}::text[],
      ${param(exposed.map((x) => x.matchVia))}::int[]) AS r(x, v)
    ON CONFLICT DO NOTHING RETURNING external_id, match_via`)
  const fresh = new Set<string>()
  for (const row of inserted.rows) {
    fresh.add(row.external_id)
    move(deltas, 0, kindOf(row.match_via !== 0, row.match_via))
    deltas.accountsExposed += 1
  }
  const raised = exposed.filter((x) => x.matchVia !== 0 && !fresh.has(x.externalId))
  if (raised.length === 0) return
  const ids = param(raised.map((x) => x.externalId))
  const current = await tx.execute<{
    external_id: string
    password_match: boolean
    match_via: number
  }>(sql`
    SELECT external_id, password_match, match_via FROM ${a}
    WHERE tenant_id = ${tenantId} AND incident_id = ${incidentId} AND external_id = ANY(${ids}::text[])
    ORDER BY external_id FOR UPDATE`)
  const via = new Map(raised.map((x) => [x.externalId, x.matchVia]))
  for (const row of current.rows) {
    const before = kindOf(row.password_match, row.match_via)
    const after = kindOf(true, row.match_via | (via.get(row.external_id) ?? 0))
    move(deltas, before, after)
  }
  // A later record may prove the password; an earlier proof is never withdrawn.
  await tx.execute(sql`UPDATE ${a} SET password_match = true, match_via = ${a}.match_via | r.v
    FROM unnest(${ids}::text[], ${param(raised.map((x) => x.matchVia))}::int[]) AS r(x, v)
    WHERE ${a}.tenant_id = ${tenantId} AND ${a}.incident_id = ${incidentId}
    AND ${a}.external_id = r.x`)
}

function move(deltas: IncidentCounters, from: number, to: number) {
  if (from === to) return
  if (from !== 0) deltas[KIND_COLUMN[from as 1 | 2 | 3]] -= 1
  else deltas.passwordMatches += 1
  if (to !== 0) deltas[KIND_COLUMN[to as 1 | 2 | 3]] += 1
  else deltas.passwordMatches -= 1
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

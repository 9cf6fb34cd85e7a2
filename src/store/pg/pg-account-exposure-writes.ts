import { sql } from 'drizzle-orm'
import type { ExposureBatch } from '../ports/exposure-ingest-store.js'
import type { IncidentCounters } from '../ports/incident-store.js'
import { accountExposures } from '../pg-schema.js'
import type { PgTx } from './pg-audited-write.js'

const param = (values: unknown[]) => sql.param(values)

/** Strongest proof as the report counts it: 0 none, 1 plaintext (or pre-match_via), 2 string, 3 digest. */
const kindOf = (match: boolean, via: number) =>
  !match ? 0 : via === 0 || via & 1 ? 1 : via & 2 ? 2 : 3
const KIND_COLUMN = { 1: 'matchesPlaintext', 2: 'matchesHashString', 3: 'matchesDigest' } as const

/** New exposures counted by kind; existing ones locked, their proof raised and moved. */
export async function writeAccountExposures(
  tx: PgTx,
  batch: ExposureBatch,
  deltas: IncidentCounters,
) {
  const { tenantId, incidentId, now } = batch
  const exposed = [...batch.exposed].sort((x, y) => (x.externalId < y.externalId ? -1 : 1))
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

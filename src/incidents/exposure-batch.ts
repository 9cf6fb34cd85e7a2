import { sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { StoreDriver } from '../store/database.js'
import { accountExposures, exposureRecords } from '../store/schema.js'
import { outboxInsert } from '../webhooks/outbox-insert.js'
import { findWebhook } from '../webhooks/webhook-store.js'
import type { ExposureRecord } from './exposure-record.js'
import type { IngestDeps, IngestReport } from './ingest-exposures.js'
import { mapWithConcurrency } from './batching.js'
import { existingKeys, jsonList, matchAccounts } from './exposure-queries.js'

/** A validated record waiting in the current batch. */
export interface PendingExposure {
  key: string
  record: ExposureRecord
  /** Current then v1 e-mail index (see accounts/email-index.ts); null without an e-mail. */
  emailIndexes: readonly string[] | null
}

interface Scope {
  tenantId: string
  incidentId: string
  now: number
}

/** bcrypt/argon2 verifies run a few at a time: they are the slow part of a plaintext list. */
const VERIFY_CONCURRENCY = 4

/**
 * Processes one batch: skips records already ingested, matches accounts, verifies plaintext
 * passwords, adds the exposed passwords to the live corpus, then writes the records, the
 * account exposures and the `account.exposed` events in one atomic batch.
 */
export async function writeExposureBatch(
  deps: IngestDeps,
  scope: Scope,
  pending: PendingExposure[],
  report: IngestReport,
): Promise<void> {
  const { driver } = deps
  const seen = await existingKeys(
    driver,
    scope,
    pending.map((item) => item.key),
  )
  const fresh = pending.filter((item) => !seen.has(item.key))
  report.duplicates += pending.length - fresh.length
  const matches = await matchAccounts(driver, scope.tenantId, fresh)
  const verdicts = await mapWithConcurrency(fresh, VERIFY_CONCURRENCY, async (item, i) => {
    const account = matches[i]
    if (!account || item.record.password === null) return false
    return (await deps.verifier.verify(account.passwordHash, item.record.password)).valid
  })
  const entries = fresh.flatMap(({ record }) =>
    record.sha1 === null ? [] : [{ sha1: record.sha1, ...(record.ntlm && { ntlm: record.ntlm }) }],
  )
  const added = entries.length > 0 ? await deps.corpus.addExposed(entries, scope.now) : []
  report.passwordsAdded += added.filter((digest) => digest.mode === 'sha1').length

  const exposed = new Map<string, boolean>()
  const rows = fresh.map((item, i) => {
    const externalId = matches[i]?.externalId ?? null
    const passwordMatch = verdicts[i] ?? false
    if (externalId === null) report.unmatched += 1
    else {
      report.matched += 1
      exposed.set(externalId, (exposed.get(externalId) ?? false) || passwordMatch)
    }
    if (passwordMatch) report.passwordMatches += 1
    return [item.key, externalId, passwordMatch ? 1 : 0, item.record.sha1 === null ? 0 : 1]
  })
  if (rows.length === 0) return
  const statements = [
    insertRecords(driver, scope, rows),
    upsertExposures(
      driver,
      scope,
      [...exposed].map(([id, match]) => [id, match ? 1 : 0]),
    ),
    ...(await exposedEvents(driver, scope, exposed)),
  ]
  await driver.batch(statements)
}

// Column order must match the table definitions: drizzle inserts SELECT output positionally.
function insertRecords(driver: StoreDriver, scope: Scope, rows: unknown[][]) {
  const select = sql`SELECT ${scope.tenantId}, ${scope.incidentId}, value ->> 0, value ->> 1,
    value ->> 2, value ->> 3, ${scope.now} FROM json_each(${JSON.stringify(rows)}) WHERE true`
  const insert = driver.db.insert(exposureRecords).select(select).onConflictDoNothing()
  return insert as unknown as BatchItem<'sqlite'>
}

function upsertExposures(driver: StoreDriver, scope: Scope, rows: unknown[][]) {
  const select = sql`SELECT ${scope.tenantId}, ${scope.incidentId}, value ->> 0, value ->> 1,
    ${scope.now} FROM json_each(${JSON.stringify(rows)}) WHERE true`
  const upsert = driver.db
    .insert(accountExposures)
    .select(select)
    .onConflictDoUpdate({
      target: [accountExposures.tenantId, accountExposures.incidentId, accountExposures.externalId],
      // A later record may prove the password; an earlier proof is never withdrawn.
      set: { passwordMatch: sql`${accountExposures.passwordMatch} OR excluded.password_match` },
    })
  return upsert as unknown as BatchItem<'sqlite'>
}

/** `account.exposed` for accounts this incident had not exposed yet (none without an endpoint). */
async function exposedEvents(driver: StoreDriver, scope: Scope, exposed: Map<string, boolean>) {
  if (exposed.size === 0 || !(await findWebhook(driver.db, scope.tenantId))) return []
  const t = accountExposures
  const known = await driver.db.all<{ id: string }>(sql`SELECT ${t.externalId} AS id FROM ${t}
    WHERE ${t.tenantId} = ${scope.tenantId} AND ${t.incidentId} = ${scope.incidentId}
    AND ${t.externalId} IN ${jsonList([...exposed.keys()])}`)
  const knownIds = new Set(known.map((row) => row.id))
  return [...exposed]
    .filter(([externalId]) => !knownIds.has(externalId))
    .map(([externalId, passwordMatch]) => {
      const data = { incidentId: scope.incidentId, externalId, passwordMatch }
      const type = 'account.exposed'
      return outboxInsert(driver.db, { tenantId: scope.tenantId, type, data, now: scope.now })
        .statement
    })
}

import { and, eq, inArray, sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Database, StoreDriver } from '../store/database.js'
import { accountExposures, accounts, exposureRecords } from '../store/schema.js'
import { outboxInsert } from '../webhooks/outbox-insert.js'
import type { ExposureRecord } from './exposure-record.js'
import type { IngestDeps, IngestReport } from './ingest-exposures.js'
import { chunked, mapWithConcurrency } from './batching.js'

/** A validated record waiting in the current batch. */
export interface PendingExposure {
  key: string
  record: ExposureRecord
  emailIndex: string | null
}

interface Scope {
  tenantId: string
  incidentId: string
  now: number
}

type AccountMatch = { externalId: string; emailIndex: string | null; passwordHash: string }

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
    const passwordAdded = item.record.sha1 !== null
    const { tenantId, incidentId, now: createdAt } = scope
    return {
      tenantId,
      incidentId,
      recordKey: item.key,
      externalId,
      passwordMatch,
      passwordAdded,
      createdAt,
    }
  })
  const known = await alreadyExposed(driver, scope, [...exposed.keys()])
  const statements: BatchItem<'sqlite'>[] = []
  const per = (columns: number) => Math.max(1, Math.floor(driver.maxBoundParameters / columns))
  for (const chunk of chunked(rows, per(7))) {
    statements.push(driver.db.insert(exposureRecords).values(chunk).onConflictDoNothing())
  }
  const exposures = [...exposed].map(([externalId, passwordMatch]) => ({
    tenantId: scope.tenantId,
    incidentId: scope.incidentId,
    externalId,
    passwordMatch,
    createdAt: scope.now,
  }))
  for (const chunk of chunked(exposures, per(5))) statements.push(upsertExposures(driver.db, chunk))
  for (const [externalId, passwordMatch] of exposed) {
    if (known.has(externalId)) continue
    const data = { incidentId: scope.incidentId, externalId, passwordMatch }
    const event = outboxInsert(driver.db, {
      tenantId: scope.tenantId,
      type: 'account.exposed',
      data,
      now: scope.now,
    })
    statements.push(event.statement)
  }
  if (statements.length > 0) await driver.batch(statements)
}

function upsertExposures(db: Database, rows: (typeof accountExposures.$inferInsert)[]) {
  return db
    .insert(accountExposures)
    .values(rows)
    .onConflictDoUpdate({
      target: [accountExposures.tenantId, accountExposures.incidentId, accountExposures.externalId],
      // A later record may prove the password; an earlier proof is never withdrawn.
      set: { passwordMatch: sql`${accountExposures.passwordMatch} OR excluded.password_match` },
    })
}

async function existingKeys(
  driver: StoreDriver,
  scope: Scope,
  keys: string[],
): Promise<Set<string>> {
  const found = new Set<string>()
  for (const chunk of chunked(keys, driver.maxBoundParameters - 2)) {
    const rows = await driver.db
      .select({ key: exposureRecords.recordKey })
      .from(exposureRecords)
      .where(
        and(
          eq(exposureRecords.tenantId, scope.tenantId),
          eq(exposureRecords.incidentId, scope.incidentId),
          inArray(exposureRecords.recordKey, chunk),
        ),
      )
    for (const row of rows) found.add(row.key)
  }
  return found
}

/** The account each record names: by externalId first, else by the e-mail blind index. */
async function matchAccounts(
  driver: StoreDriver,
  tenantId: string,
  items: PendingExposure[],
): Promise<(AccountMatch | undefined)[]> {
  const columns = {
    externalId: accounts.externalId,
    emailIndex: accounts.emailIndex,
    passwordHash: accounts.passwordHash,
  }
  const ids = [...new Set(items.flatMap((item) => item.record.externalId ?? []))]
  const indexes = [...new Set(items.flatMap((item) => item.emailIndex ?? []))]
  const byId = new Map<string, AccountMatch>()
  const byEmail = new Map<string, AccountMatch>()
  for (const chunk of chunked(ids, driver.maxBoundParameters - 1)) {
    const rows = await driver.db
      .select(columns)
      .from(accounts)
      .where(and(eq(accounts.tenantId, tenantId), inArray(accounts.externalId, chunk)))
    for (const row of rows) byId.set(row.externalId, row)
  }
  for (const chunk of chunked(indexes, driver.maxBoundParameters - 1)) {
    const rows = await driver.db
      .select(columns)
      .from(accounts)
      .where(and(eq(accounts.tenantId, tenantId), inArray(accounts.emailIndex, chunk)))
    for (const row of rows) if (row.emailIndex) byEmail.set(row.emailIndex, row)
  }
  return items.map(
    (item) =>
      (item.record.externalId === null ? undefined : byId.get(item.record.externalId)) ??
      (item.emailIndex === null ? undefined : byEmail.get(item.emailIndex)),
  )
}

async function alreadyExposed(
  driver: StoreDriver,
  scope: Scope,
  ids: string[],
): Promise<Set<string>> {
  const found = new Set<string>()
  for (const chunk of chunked(ids, driver.maxBoundParameters - 2)) {
    const rows = await driver.db
      .select({ externalId: accountExposures.externalId })
      .from(accountExposures)
      .where(
        and(
          eq(accountExposures.tenantId, scope.tenantId),
          eq(accountExposures.incidentId, scope.incidentId),
          inArray(accountExposures.externalId, chunk),
        ),
      )
    for (const row of rows) found.add(row.externalId)
  }
  return found
}

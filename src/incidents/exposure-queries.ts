import { sql, type SQL } from 'drizzle-orm'
import type { StoreDriver } from '../store/database.js'
import { accounts, exposureRecords } from '../store/schema.js'
import type { PendingExposure } from './exposure-batch.js'
import type { AccountMatch } from './match-exposure.js'

/**
 * A whole list as ONE bound parameter, expanded by SQLite's json_each: a batch of thousands of
 * keys stays one short statement (D1 allows 100 parameters; building thousands is slow too).
 */
export const jsonList = (values: unknown[]): SQL =>
  sql`(SELECT value FROM json_each(${JSON.stringify(values)}))`

/** Keys of these records already ingested for the incident, and whether each awaits the job. */
export async function existingKeys(
  driver: StoreDriver,
  scope: { tenantId: string; incidentId: string },
  keys: string[],
): Promise<Map<string, boolean>> {
  const t = exposureRecords
  const rows = await driver.db.all<{ key: string; pending: number }>(sql`SELECT
    ${t.recordKey} AS key, ${t.digestPending} AS pending FROM ${t}
    WHERE ${t.tenantId} = ${scope.tenantId} AND ${t.incidentId} = ${scope.incidentId}
    AND ${t.recordKey} IN ${jsonList(keys)}`)
  return new Map(rows.map((row) => [row.key, row.pending === 1]))
}

/** The account each record names: by externalId first, else by the e-mail blind index. */
export async function matchAccounts(
  driver: StoreDriver,
  tenantId: string,
  items: PendingExposure[],
): Promise<(AccountMatch | undefined)[]> {
  const ids = [...new Set(items.flatMap((item) => item.record.externalId ?? []))]
  const select = (column: SQL, values: string[]) =>
    values.length === 0
      ? Promise.resolve([])
      : driver.db.all<AccountMatch>(sql`SELECT ${accounts.externalId} AS externalId,
          ${accounts.emailIndex} AS emailIndex, ${accounts.passwordHash} AS passwordHash,
          ${accounts.importFingerprint} AS importFingerprint, ${accounts.importedAt} AS importedAt,
          ${accounts.passwordChangedAt} AS passwordChangedAt
          FROM ${accounts} WHERE ${accounts.tenantId} = ${tenantId} AND ${column} IN ${jsonList(values)}`)
  const byId = new Map(
    (await select(sql`${accounts.externalId}`, ids)).map((row) => [row.externalId, row]),
  )
  const byEmail = new Map<string | null, AccountMatch>()
  const lookUp = async (indexes: string[]) => {
    const rows = await select(sql`${accounts.emailIndex}`, [...new Set(indexes)])
    for (const row of rows) byEmail.set(row.emailIndex, row)
  }
  // Current indexes first; the legacy v1 index only for addresses the current one missed.
  const unnamed = items.filter(
    (item) => item.record.externalId === null || !byId.has(item.record.externalId),
  )
  await lookUp(unnamed.flatMap((item) => item.emailIndexes?.slice(0, 1) ?? []))
  await lookUp(
    unnamed.flatMap((item) =>
      item.emailIndexes && !byEmail.has(item.emailIndexes[0] ?? null)
        ? item.emailIndexes.slice(1)
        : [],
    ),
  )
  return items.map(
    (item) =>
      (item.record.externalId === null ? undefined : byId.get(item.record.externalId)) ??
      item.emailIndexes?.map((index) => byEmail.get(index)).find(Boolean),
  )
}

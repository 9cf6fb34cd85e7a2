import type { ExposureIngestStore } from '../store/ports/exposure-ingest-store.js'
import type { PendingExposure } from './ingest-deps.js'
import type { AccountMatch } from './match-exposure.js'

/**
 * The account each record names: by externalId first, else by the e-mail blind index. Plain
 * loops over the batch: this runs for every record of an ingest, and per-record arrays
 * (`flatMap`, `slice`) were a visible share of its garbage.
 */
export async function matchAccounts(
  store: Pick<ExposureIngestStore, 'accountsByExternalId' | 'accountsByEmailIndex'>,
  tenantId: string,
  items: PendingExposure[],
): Promise<(AccountMatch | undefined)[]> {
  const ids = new Set<string>()
  for (const { record } of items) if (record.externalId !== null) ids.add(record.externalId)
  const byId = new Map(
    (await store.accountsByExternalId(tenantId, [...ids])).map((row) => [row.externalId, row]),
  )
  const byEmail = new Map<string | null, AccountMatch>()
  const lookUp = async (indexes: Set<string>) => {
    const rows = await store.accountsByEmailIndex(tenantId, [...indexes])
    for (const row of rows) byEmail.set(row.emailIndex, row)
  }
  // Current indexes first; the legacy v1 index only for addresses the current one missed.
  const unnamed = items.filter(
    (item) => item.record.externalId === null || !byId.has(item.record.externalId),
  )
  const current = new Set<string>()
  for (const { emailIndexes } of unnamed) if (emailIndexes?.[0]) current.add(emailIndexes[0])
  await lookUp(current)
  const legacy = new Set<string>()
  for (const { emailIndexes } of unnamed) {
    if (!emailIndexes || byEmail.has(emailIndexes[0] ?? null)) continue
    for (const index of emailIndexes.slice(1)) legacy.add(index)
  }
  await lookUp(legacy)
  return items.map(
    (item) =>
      (item.record.externalId === null ? undefined : byId.get(item.record.externalId)) ??
      firstByEmail(item.emailIndexes, byEmail),
  )
}

function firstByEmail(
  indexes: readonly string[] | null,
  byEmail: Map<string | null, AccountMatch>,
): AccountMatch | undefined {
  for (const index of indexes ?? []) {
    const row = byEmail.get(index)
    if (row) return row
  }
  return undefined
}

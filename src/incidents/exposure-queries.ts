import type { ExposureIngestStore } from '../store/ports/exposure-ingest-store.js'
import type { PendingExposure } from './ingest-deps.js'
import type { AccountMatch } from './match-exposure.js'

/** The account each record names: by externalId first, else by the e-mail blind index. */
export async function matchAccounts(
  store: Pick<ExposureIngestStore, 'accountsByExternalId' | 'accountsByEmailIndex'>,
  tenantId: string,
  items: PendingExposure[],
): Promise<(AccountMatch | undefined)[]> {
  const ids = [...new Set(items.flatMap((item) => item.record.externalId ?? []))]
  const byId = new Map(
    (await store.accountsByExternalId(tenantId, ids)).map((row) => [row.externalId, row]),
  )
  const byEmail = new Map<string | null, AccountMatch>()
  const lookUp = async (indexes: string[]) => {
    const rows = await store.accountsByEmailIndex(tenantId, [...new Set(indexes)])
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

import { summarizeSchemes } from '../../migration/scheme-distribution.js'
import type { StorePorts } from '../../store/ports/store-ports.js'

/** What the overview shows: account totals, the scheme spread, incidents still to notify. */
export async function readOverviewFigures(
  stores: Pick<StorePorts, 'consoleQueries' | 'wrap'>,
  tenantId: string,
) {
  const [flagged, counts, open] = await Promise.all([
    stores.consoleQueries.flaggedAccounts(tenantId),
    stores.wrap.countSchemes([tenantId]),
    stores.consoleQueries.openIncidents(tenantId, 50),
  ])
  const schemes = summarizeSchemes(counts)
  return { accounts: schemes.total, flagged, schemes, open }
}

import { and, count, desc, eq, isNull } from 'drizzle-orm'
import { countSchemes, summarizeSchemes } from '../../migration/scheme-distribution.js'
import type { Database } from '../../store/database.js'
import { accounts, incidents } from '../../store/schema.js'

/** What the overview shows: account totals, the scheme spread, incidents still to notify. */
export async function readOverviewFigures(db: Database, tenantId: string) {
  const [flagged] = await db
    .select({ n: count() })
    .from(accounts)
    .where(and(eq(accounts.tenantId, tenantId), eq(accounts.mustReset, true)))
  const schemes = summarizeSchemes(await countSchemes(db, [tenantId]))
  const open = await db
    .select()
    .from(incidents)
    .where(and(eq(incidents.tenantId, tenantId), isNull(incidents.authorityNotifiedAt)))
    .orderBy(desc(incidents.createdAt))
    .limit(50)
  return { accounts: schemes.total, flagged: flagged?.n ?? 0, schemes, open }
}

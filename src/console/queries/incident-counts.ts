import { and, count, countDistinct, eq, sql } from 'drizzle-orm'
import type { Database } from '../../store/database.js'
import { accountExposures, exposureRecords, resetTokens } from '../../store/schema.js'

/**
 * The incident page's figures as aggregates only (readIncidentFigures also reads the whole
 * Art. 34 account list, which the page does not show and a 300 k-record incident makes slow).
 */
export async function readIncidentCounts(db: Database, tenantId: string, incidentId: string) {
  const [records] = await db
    .select({
      records: count(),
      unmatched: sql<number>`coalesce(sum(${exposureRecords.externalId} IS NULL), 0)`,
    })
    .from(exposureRecords)
    .where(and(eq(exposureRecords.tenantId, tenantId), eq(exposureRecords.incidentId, incidentId)))
  const [exposed] = await db
    .select({
      accounts: count(),
      passwordMatches: sql<number>`coalesce(sum(${accountExposures.passwordMatch}), 0)`,
    })
    .from(accountExposures)
    .where(
      and(eq(accountExposures.tenantId, tenantId), eq(accountExposures.incidentId, incidentId)),
    )
  // Reason codes are `incident:<id>:<scope>`; `_` in ids is escaped for LIKE.
  const reasonPattern = `incident:${incidentId.replaceAll('_', '\\_')}:%`
  const [resets] = await db
    .select({ forced: countDistinct(resetTokens.externalId) })
    .from(resetTokens)
    .where(
      and(
        eq(resetTokens.tenantId, tenantId),
        sql`${resetTokens.reason} LIKE ${reasonPattern} ESCAPE '\\'`,
      ),
    )
  return {
    records: records?.records ?? 0,
    unmatched: Number(records?.unmatched ?? 0),
    matched: exposed?.accounts ?? 0,
    passwordMatches: Number(exposed?.passwordMatches ?? 0),
    resetsForced: resets?.forced ?? 0,
  }
}

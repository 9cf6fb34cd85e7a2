import { and, count, countDistinct, eq, max, min, sql } from 'drizzle-orm'
import { countMatchesBy } from '../../incidents/match-exposure.js'
import { incidentReasonPattern } from '../../incidents/reset-reasons.js'
import type { Database } from '../database.js'
import type { IncidentFigures, IncidentScope } from '../ports/incident-store.js'
import { accountExposures, exposureRecords, resetTokens } from '../schema.js'

/** Aggregates the incident's exposure records, account exposures and reset tokens (SQLite). */
export async function sqliteIncidentFigures(
  db: Database,
  { tenantId, incidentId }: IncidentScope,
): Promise<IncidentFigures> {
  const ofRecords = and(
    eq(exposureRecords.tenantId, tenantId),
    eq(exposureRecords.incidentId, incidentId),
  )
  const [records] = await db
    .select({
      records: count(),
      unmatched: sql<number>`coalesce(sum(${exposureRecords.externalId} IS NULL), 0)`,
      blocked: sql<number>`coalesce(sum(${exposureRecords.passwordAdded}), 0)`,
      first: min(exposureRecords.createdAt),
      last: max(exposureRecords.createdAt),
    })
    .from(exposureRecords)
    .where(ofRecords)
  const exposedAccounts = await db
    .select({
      externalId: accountExposures.externalId,
      passwordMatch: accountExposures.passwordMatch,
      matchVia: accountExposures.matchVia,
    })
    .from(accountExposures)
    .where(
      and(eq(accountExposures.tenantId, tenantId), eq(accountExposures.incidentId, incidentId)),
    )
    .orderBy(sql`${accountExposures.passwordMatch} DESC`, accountExposures.externalId)
  const [resets] = await db
    .select({
      forced: countDistinct(resetTokens.externalId),
      first: min(resetTokens.createdAt),
      completed: sql<number>`count(DISTINCT CASE WHEN ${resetTokens.usedAt} IS NOT NULL THEN ${resetTokens.externalId} END)`,
    })
    .from(resetTokens)
    .where(
      and(
        eq(resetTokens.tenantId, tenantId),
        sql`${resetTokens.reason} LIKE ${incidentReasonPattern(incidentId)} ESCAPE '\\'`,
      ),
    )
  const [pending] = await db
    .select({ n: count() })
    .from(exposureRecords)
    .where(and(ofRecords, eq(exposureRecords.digestPending, true)))
  return {
    records: records?.records ?? 0,
    unmatchedRecords: Number(records?.unmatched ?? 0),
    passwordsBlocked: Number(records?.blocked ?? 0),
    firstIngestAt: records?.first ?? null,
    lastIngestAt: records?.last ?? null,
    accountsExposed: exposedAccounts.length,
    passwordMatches: exposedAccounts.filter((row) => row.passwordMatch).length,
    passwordMatchesBy: countMatchesBy(exposedAccounts),
    passwordChecksPending: pending?.n ?? 0,
    resetsForced: resets?.forced ?? 0,
    resetsCompleted: Number(resets?.completed ?? 0),
    firstResetAt: resets?.first ?? null,
    exposedAccounts: exposedAccounts.map(({ externalId, passwordMatch }) => ({
      externalId,
      passwordMatch,
    })),
  }
}

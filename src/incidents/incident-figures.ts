import { and, count, countDistinct, eq, max, min, sql } from 'drizzle-orm'
import type { Database } from '../store/database.js'
import { accountExposures, exposureRecords, resetTokens } from '../store/schema.js'
import { MATCH_VIA } from './match-exposure.js'

/** The counts and times an Art. 33 report states, read from what ingest and resets wrote. */
export interface IncidentFigures {
  records: number
  unmatchedRecords: number
  passwordsBlocked: number
  firstIngestAt: number | null
  lastIngestAt: number | null
  accountsExposed: number
  passwordMatches: number
  /** The same accounts by their strongest proof (plaintext, then hash string, then digest). */
  passwordMatchesBy: { plaintext: number; hashString: number; digest: number }
  /** Wrapped accounts whose leaked digest still waits for its argon2 verify (the job). */
  passwordChecksPending: number
  resetsForced: number
  resetsCompleted: number
  firstResetAt: number | null
  /** The exposed accounts (Art. 34 notification list), passwordMatch first, then by id. */
  exposedAccounts: { externalId: string; passwordMatch: boolean }[]
}

/** Aggregates the incident's exposure records, account exposures and reset tokens. */
export async function readIncidentFigures(
  db: Database,
  tenantId: string,
  incidentId: string,
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
  // Reason codes are `incident:<id>:<scope>`; incident ids hold no LIKE wildcards but `_`.
  const reasonPattern = `incident:${incidentId.replaceAll('_', '\\_')}:%`
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
        sql`${resetTokens.reason} LIKE ${reasonPattern} ESCAPE '\\'`,
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
    passwordMatchesBy: matchesBy(exposedAccounts),
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

function matchesBy(rows: { passwordMatch: boolean; matchVia: number }[]) {
  const by = { plaintext: 0, hashString: 0, digest: 0 }
  for (const { passwordMatch, matchVia } of rows) {
    if (!passwordMatch) continue
    // Rows from before match_via existed were proved by plaintext, the only kind then.
    if (matchVia === 0 || matchVia & MATCH_VIA.plaintext) by.plaintext += 1
    else if (matchVia & MATCH_VIA.hashString) by.hashString += 1
    else by.digest += 1
  }
  return by
}

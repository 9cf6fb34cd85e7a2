import { and, eq, inArray, sql } from 'drizzle-orm'
import { incidentCounters as c, accountExposures as a } from '../pg-schema.js'
import type { PgTx } from './pg-audited-write.js'

/**
 * The strongest proof of an account exposure, as the report counts it: 0 none, 1 plaintext
 * (also rows from before match_via existed), 2 hash string, 3 digest (counter-deltas.ts).
 */
export const proofKindOf = (match: boolean, via: number) =>
  !match ? 0 : via === 0 || via & 1 ? 1 : via & 2 ? 2 : 3

/**
 * Adds to the incident's counters how OR-ing `bit` into these accounts' exposures (with a
 * password match) moves the match figures. Locks the exposure rows first, so a concurrent
 * writer of the same accounts counts after this one commits, on the rows it left.
 */
export async function pgAddMatchDeltas(
  tx: PgTx,
  scope: { tenantId: string; incidentId: string },
  externalIds: string[],
  bit: number,
) {
  const rows = await tx
    .select({ match: a.passwordMatch, via: a.matchVia })
    .from(a)
    .where(
      and(
        eq(a.tenantId, scope.tenantId),
        eq(a.incidentId, scope.incidentId),
        inArray(a.externalId, externalIds),
      ),
    )
    .orderBy(a.externalId)
    .for('update')
  const moved = [0, 0, 0, 0]
  let matches = 0
  for (const row of rows) {
    const before = proofKindOf(row.match, row.via)
    const after = proofKindOf(true, row.via | bit)
    moved[before]! -= 1
    moved[after]! += 1
    if (!row.match) matches += 1
  }
  await tx
    .update(c)
    .set({
      passwordMatches: sql`${c.passwordMatches} + ${matches}`,
      matchesPlaintext: sql`${c.matchesPlaintext} + ${moved[1]}`,
      matchesHashString: sql`${c.matchesHashString} + ${moved[2]}`,
      matchesDigest: sql`${c.matchesDigest} + ${moved[3]}`,
    })
    .where(and(eq(c.tenantId, scope.tenantId), eq(c.incidentId, scope.incidentId)))
}

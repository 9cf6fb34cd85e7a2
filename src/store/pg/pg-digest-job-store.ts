import { and, eq, inArray, sql } from 'drizzle-orm'
import { MATCH_VIA } from '../../incidents/match-exposure.js'
import type { PgDatabase } from '../pg-driver-node.js'
import type { CheckedGroup, DigestJobScope, DigestJobStore } from '../ports/digest-job-store.js'
import { accountExposures as a, digestJobs as j, exposureRecords as r } from '../pg-schema.js'
import type { PgTx } from './pg-audited-write.js'
import { pgAddMatchDeltas } from './pg-match-deltas.js'
import { pgRetryDeadlocks } from './pg-retry.js'

const ofJob = (scope: DigestJobScope) =>
  and(eq(j.tenantId, scope.tenantId), eq(j.incidentId, scope.incidentId))
const ofRecords = (scope: DigestJobScope) =>
  and(eq(r.tenantId, scope.tenantId), eq(r.incidentId, scope.incidentId))

/**
 * A checked group in one transaction. The records updates match only rows still pending and
 * lock them, so a second writer of the same records waits, re-checks `digest_pending` on the
 * committed row and counts nothing; the accounts are locked before their deltas are counted.
 */
async function writeCheckedGroup(db: PgDatabase, group: CheckedGroup) {
  await pgRetryDeadlocks(() =>
    db.transaction(async (tx) => {
      const pending = (keys: string[]) =>
        and(ofRecords(group), eq(r.digestPending, true), inArray(r.recordKey, keys))
      const matched =
        group.matched.length === 0
          ? []
          : await tx
              .update(r)
              .set({
                passwordMatch: true,
                matchVia: sql`${r.matchVia} | ${MATCH_VIA.digest}`,
                digestPending: false,
              })
              .where(pending(group.matched.map((m) => m.recordKey)))
              .returning({ key: r.recordKey })
      const unmatched =
        group.unmatched.length === 0
          ? []
          : await tx
              .update(r)
              .set({ digestPending: false })
              .where(pending(group.unmatched))
              .returning({ key: r.recordKey })
      const keys = new Set(matched.map((row) => row.key))
      const accounts = [
        ...new Set(group.matched.filter((m) => keys.has(m.recordKey)).map((m) => m.externalId)),
      ]
      if (accounts.length > 0) {
        await pgAddMatchDeltas(tx, group, accounts, MATCH_VIA.digest)
        await tx
          .update(a)
          .set({ passwordMatch: true, matchVia: sql`${a.matchVia} | ${MATCH_VIA.digest}` })
          .where(
            and(
              eq(a.tenantId, group.tenantId),
              eq(a.incidentId, group.incidentId),
              inArray(a.externalId, accounts),
            ),
          )
      }
      await tx
        .update(j)
        .set({
          checked: sql`${j.checked} + ${matched.length + unmatched.length}`,
          matched: sql`${j.matched} + ${matched.length}`,
          busyMs: sql`${j.busyMs} + ${Math.round(group.busyMs)}`,
          updatedAt: group.now,
        })
        .where(ofJob(group))
    }),
  )
}

/** Counts `added` more candidates on the incident's job, on `db` or in an ingest's transaction. */
export async function pgCountCandidates(
  db: PgDatabase | PgTx,
  scope: DigestJobScope & { now: number },
  added: number,
) {
  await db
    .insert(j)
    .values({ ...scope, candidates: added, startedAt: scope.now, updatedAt: scope.now })
    .onConflictDoUpdate({
      target: [j.tenantId, j.incidentId],
      set: { candidates: sql`${j.candidates} + ${added}`, updatedAt: scope.now },
    })
}

/** The digest job on PostgreSQL. */
export function createPgDigestJobStore(db: PgDatabase): DigestJobStore {
  return {
    addCandidates: (scope, added) => pgCountCandidates(db, scope, added),
    writeCheckedGroup: (group) => writeCheckedGroup(db, group),
    async read(scope) {
      const [job] = await db.select().from(j).where(ofJob(scope))
      const [pending] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(r)
        .where(and(ofRecords(scope), eq(r.digestPending, true)))
      return { job: job ?? null, pending: Number(pending?.n ?? 0) }
    },
  }
}

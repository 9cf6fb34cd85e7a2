import { and, eq, sql, type SQL } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import { countExposureChanges } from './sqlite-counter-deltas.js'
import { MATCH_VIA } from '../../incidents/match-exposure.js'
import type { Database, StoreDriver } from '../database.js'
import type { CheckedGroup, DigestJobScope, DigestJobStore } from '../ports/digest-job-store.js'
import { accountExposures, digestJobs, exposureRecords } from '../schema.js'

const asItem = (statement: unknown) => statement as BatchItem<'sqlite'>
const jsonList = (values: unknown[]): SQL =>
  sql`(SELECT value FROM json_each(${JSON.stringify(values)}))`
const ofJob = (scope: DigestJobScope) =>
  and(eq(digestJobs.tenantId, scope.tenantId), eq(digestJobs.incidentId, scope.incidentId))

/** Counts `added` more candidates on the incident's job, as a batch item of an ingest. */
export function sqliteCountCandidates(
  db: Database,
  scope: DigestJobScope & { now: number },
  added: number,
) {
  return asItem(
    db
      .insert(digestJobs)
      .values({ ...scope, candidates: added, startedAt: scope.now, updatedAt: scope.now })
      .onConflictDoUpdate({
        target: [digestJobs.tenantId, digestJobs.incidentId],
        set: { candidates: sql`${digestJobs.candidates} + ${added}`, updatedAt: scope.now },
      }),
  )
}

/**
 * A checked group in one batch. Each records update matches only records still pending, and
 * the job update after it adds `changes()` (that update's count): a group written twice moves
 * the counters once. The account update is an OR of the digest bit, so its counter delta
 * (counted before it, on the serialised batch's current rows) is zero the second time.
 */
async function writeCheckedGroup(driver: StoreDriver, group: CheckedGroup) {
  const { db } = driver
  const r = exposureRecords
  const pending = (keys: string[]) =>
    and(
      eq(r.tenantId, group.tenantId),
      eq(r.incidentId, group.incidentId),
      eq(r.digestPending, true),
      sql`${r.recordKey} IN ${jsonList(keys)}`,
    )
  const statements: BatchItem<'sqlite'>[] = []
  if (group.matched.length > 0) {
    const accounts = [...new Set(group.matched.map((m) => m.externalId))]
    const exposedJson = JSON.stringify(accounts.map((id) => [id, 1, MATCH_VIA.digest]))
    const a = accountExposures
    statements.push(
      // Before the update it counts: the accounts' strongest proof may move to `digest`.
      countExposureChanges(db, group, exposedJson, { insertsMissing: false }),
      asItem(
        db
          .update(a)
          .set({ passwordMatch: true, matchVia: sql`${a.matchVia} | ${MATCH_VIA.digest}` })
          .where(
            and(
              eq(a.tenantId, group.tenantId),
              eq(a.incidentId, group.incidentId),
              sql`${a.externalId} IN ${jsonList(accounts)}`,
            ),
          ),
      ),
      asItem(
        db
          .update(r)
          .set({
            passwordMatch: true,
            matchVia: sql`${r.matchVia} | ${MATCH_VIA.digest}`,
            digestPending: false,
          })
          .where(pending(group.matched.map((m) => m.recordKey))),
      ),
      asItem(
        db
          .update(digestJobs)
          .set({
            checked: sql`${digestJobs.checked} + changes()`,
            matched: sql`${digestJobs.matched} + changes()`,
          })
          .where(ofJob(group)),
      ),
    )
  }
  if (group.unmatched.length > 0) {
    statements.push(
      asItem(db.update(r).set({ digestPending: false }).where(pending(group.unmatched))),
      asItem(
        db
          .update(digestJobs)
          .set({ checked: sql`${digestJobs.checked} + changes()` })
          .where(ofJob(group)),
      ),
    )
  }
  statements.push(
    asItem(
      db
        .update(digestJobs)
        .set({
          busyMs: sql`${digestJobs.busyMs} + ${Math.round(group.busyMs)}`,
          updatedAt: group.now,
        })
        .where(ofJob(group)),
    ),
  )
  await driver.batch(statements)
}

/** The digest job on SQLite: better-sqlite3 on Node and D1 on Workers. */
export function createSqliteDigestJobStore(driver: StoreDriver): DigestJobStore {
  const { db } = driver
  return {
    async addCandidates(scope, added) {
      await driver.batch([sqliteCountCandidates(db, scope, added)])
    },
    writeCheckedGroup: (group) => writeCheckedGroup(driver, group),
    async read(scope) {
      const [job] = await db.select().from(digestJobs).where(ofJob(scope))
      const r = exposureRecords
      const [pending] = await db
        .select({ n: sql<number>`count(*)` })
        .from(r)
        .where(
          and(
            eq(r.tenantId, scope.tenantId),
            eq(r.incidentId, scope.incidentId),
            eq(r.digestPending, true),
          ),
        )
      return { job: job ?? null, pending: Number(pending?.n ?? 0) }
    },
  }
}

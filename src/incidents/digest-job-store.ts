import { and, eq, sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Database, StoreDriver } from '../store/database.js'
import { accountExposures, digestJobs, exposureRecords } from '../store/schema.js'
import { jsonList } from './exposure-queries.js'
import { MATCH_VIA } from './match-exposure.js'
import { countExposureChanges } from './counter-deltas.js'

type Incident = { tenantId: string; incidentId: string }
const asItem = (statement: unknown) => statement as BatchItem<'sqlite'>

/** Counts `added` more candidates on the incident's job (created on first use). */
export function countCandidates(db: Database, scope: Incident & { now: number }, added: number) {
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

/** One group of verified candidates of an incident, as the job writes them. */
export interface CheckedGroup extends Incident {
  matched: { recordKey: string; externalId: string }[]
  unmatched: string[]
  busyMs: number
  now: number
}

/**
 * Writes a group of results in one atomic batch: matched records and accounts gain
 * `password_match` with the digest bit, every checked record leaves the pending set, and the
 * job's counters move. A kill between batches loses only unwritten results; they stay pending.
 */
export async function writeCheckedGroup(driver: StoreDriver, group: CheckedGroup): Promise<void> {
  const { db } = driver
  const keys = [...group.matched.map((m) => m.recordKey), ...group.unmatched]
  const ofRecords = and(
    eq(exposureRecords.tenantId, group.tenantId),
    eq(exposureRecords.incidentId, group.incidentId),
  )
  const statements: BatchItem<'sqlite'>[] = [
    asItem(
      db
        .update(exposureRecords)
        .set({ digestPending: false })
        .where(and(ofRecords, sql`${exposureRecords.recordKey} IN ${jsonList(keys)}`)),
    ),
    asItem(
      db
        .update(digestJobs)
        .set({
          checked: sql`${digestJobs.checked} + ${keys.length}`,
          matched: sql`${digestJobs.matched} + ${group.matched.length}`,
          busyMs: sql`${digestJobs.busyMs} + ${Math.round(group.busyMs)}`,
          updatedAt: group.now,
        })
        .where(
          and(eq(digestJobs.tenantId, group.tenantId), eq(digestJobs.incidentId, group.incidentId)),
        ),
    ),
  ]
  if (group.matched.length > 0) {
    const matchKeys = group.matched.map((m) => m.recordKey)
    const accounts = [...new Set(group.matched.map((m) => m.externalId))]
    const proved = {
      passwordMatch: true,
      matchVia: sql`${exposureRecords.matchVia} | ${MATCH_VIA.digest}`,
    }
    const exposedJson = JSON.stringify(accounts.map((id) => [id, 1, MATCH_VIA.digest]))
    statements.push(
      // Before the update it counts: the accounts' strongest proof may move to `digest`.
      countExposureChanges(db, group, exposedJson, { insertsMissing: false }),
      asItem(
        db
          .update(exposureRecords)
          .set(proved)
          .where(and(ofRecords, sql`${exposureRecords.recordKey} IN ${jsonList(matchKeys)}`)),
      ),
      asItem(
        db
          .update(accountExposures)
          .set({
            passwordMatch: true,
            matchVia: sql`${accountExposures.matchVia} | ${MATCH_VIA.digest}`,
          })
          .where(
            and(
              eq(accountExposures.tenantId, group.tenantId),
              eq(accountExposures.incidentId, group.incidentId),
              sql`${accountExposures.externalId} IN ${jsonList(accounts)}`,
            ),
          ),
      ),
    )
  }
  await driver.batch(statements)
}

/** The job's state as the API and the CLI report it. */
export async function readDigestJob(db: Database, scope: Incident) {
  const [job] = await db
    .select()
    .from(digestJobs)
    .where(
      and(eq(digestJobs.tenantId, scope.tenantId), eq(digestJobs.incidentId, scope.incidentId)),
    )
  const [pending] = await db
    .select({ n: sql<number>`count(*)` })
    .from(exposureRecords)
    .where(
      and(
        eq(exposureRecords.tenantId, scope.tenantId),
        eq(exposureRecords.incidentId, scope.incidentId),
        eq(exposureRecords.digestPending, true),
      ),
    )
  return { job: job ?? null, pending: Number(pending?.n ?? 0) }
}

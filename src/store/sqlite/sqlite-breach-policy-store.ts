import { and, eq, isNull, sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { StoreDriver } from '../database.js'
import type { BreachPolicyStore } from '../ports/breach-policy-store.js'
import { breachFlags as f, tenants } from '../schema.js'
import { sqliteOutboxEventInsert } from './sqlite-outbox-event.js'

/** Breach flags and digests on SQLite: better-sqlite3 on Node and D1 on Workers. */
export function createSqliteBreachPolicyStore(driver: StoreDriver): BreachPolicyStore {
  const { db } = driver
  const undigested = (tenantId: string, limit: number) =>
    db
      .select()
      .from(f)
      .where(and(eq(f.tenantId, tenantId), isNull(f.digestedAt)))
      .orderBy(f.flaggedAt)
      .limit(limit)
  return {
    async recordFlag(flag) {
      const rows = await db
        .insert(f)
        .values(flag)
        .onConflictDoNothing()
        .returning({ externalId: f.externalId })
      return rows.length === 1
    },
    undigested,
    // The flags are read first; the batch writes the event and the marks only while every one
    // of them is still undigested, so a concurrent digest of the same flags writes nothing.
    async writeDigest(input) {
      const flags = await undigested(input.tenantId, input.limit)
      if (flags.length === 0) return 0
      const keys = JSON.stringify(flags.map((flag) => [flag.externalId, flag.passwordEpoch]))
      const listed = sql`${f.tenantId} = ${input.tenantId} AND (${f.externalId}, ${f.passwordEpoch})
        IN (SELECT value ->> 0, value ->> 1 FROM json_each(${keys}))`
      const allOpen = sql`(SELECT count(*) FROM ${f} WHERE ${listed} AND ${f.digestedAt} IS NULL) = ${flags.length}`
      // The event and the stamp before the marks: `allOpen` no longer holds after them.
      const statements: BatchItem<'sqlite'>[] = [
        sqliteOutboxEventInsert(db, input.event(flags), allOpen),
      ]
      if (input.daily) {
        statements.push(
          db
            .update(tenants)
            .set({ breachDigestSentAt: input.now })
            .where(and(eq(tenants.id, input.tenantId), allOpen)) as unknown as BatchItem<'sqlite'>,
        )
      }
      statements.push(
        db
          .update(f)
          .set({ digestedAt: input.now })
          .where(and(listed, isNull(f.digestedAt), allOpen)) as unknown as BatchItem<'sqlite'>,
      )
      const changed = await driver.batch(statements)
      return changed.at(-1) ?? 0
    },
    dueDailyTenants: (sentBefore) =>
      db
        .select({ id: tenants.id, breachDigest: tenants.breachDigest })
        .from(tenants)
        .where(
          and(
            eq(tenants.breachDigest, 'daily'),
            sql`coalesce(${tenants.breachDigestSentAt}, 0) <= ${sentBefore}`,
            sql`exists (select 1 from ${f} where ${f.tenantId} = ${tenants.id} and ${f.digestedAt} is null)`,
          ),
        ),
  }
}

import { and, eq, isNull, sql } from 'drizzle-orm'
import type { PgDatabase } from '../pg-driver-node.js'
import type { BreachFlagRow, BreachPolicyStore } from '../ports/breach-policy-store.js'
import { breachFlags as f, tenants } from '../pg-schema.js'
import { pgOutboxInsert } from './pg-webhook-outbox-store.js'

/** Breach flags and digests on PostgreSQL. */
export function createPgBreachPolicyStore(db: PgDatabase): BreachPolicyStore {
  return {
    async recordFlag(flag) {
      const rows = await db
        .insert(f)
        .values(flag)
        .onConflictDoNothing()
        .returning({ externalId: f.externalId })
      return rows.length === 1
    },
    undigested: (tenantId, limit) =>
      db
        .select()
        .from(f)
        .where(and(eq(f.tenantId, tenantId), isNull(f.digestedAt)))
        .orderBy(f.flaggedAt)
        .limit(limit),
    // The marks claim the flags (SKIP LOCKED: a concurrent digest takes the others, or none),
    // and the event carries exactly the rows this transaction marked.
    async writeDigest(input) {
      return db.transaction(async (tx) => {
        const claimed = await tx.execute<Record<string, unknown>>(sql`
          UPDATE ${f} SET digested_at = ${input.now}
          WHERE (tenant_id, external_id, password_epoch) IN (
            SELECT tenant_id, external_id, password_epoch FROM ${f}
            WHERE tenant_id = ${input.tenantId} AND digested_at IS NULL
            ORDER BY flagged_at LIMIT ${input.limit} FOR UPDATE SKIP LOCKED)
          AND digested_at IS NULL
          RETURNING tenant_id, external_id, password_epoch, moment, action, breach_count,
            flagged_at, digested_at`)
        const flags = claimed.rows.map(toFlag).sort((x, y) => x.flaggedAt - y.flaggedAt)
        if (flags.length === 0) return 0
        await pgOutboxInsert(tx, input.event(flags))
        if (input.daily) {
          await tx
            .update(tenants)
            .set({ breachDigestSentAt: input.now })
            .where(eq(tenants.id, input.tenantId))
        }
        return flags.length
      })
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

function toFlag(row: Record<string, unknown>): BreachFlagRow {
  return {
    tenantId: String(row.tenant_id),
    externalId: String(row.external_id),
    passwordEpoch: Number(row.password_epoch),
    moment: String(row.moment),
    action: String(row.action),
    breachCount: Number(row.breach_count),
    flaggedAt: Number(row.flagged_at),
    digestedAt: row.digested_at === null ? null : Number(row.digested_at),
  }
}

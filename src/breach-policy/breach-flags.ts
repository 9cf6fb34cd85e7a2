import { and, eq, isNull } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Database } from '../store/database.js'
import { breachFlags } from '../store/schema.js'
import type { BreachAction } from '../tenants/breach-actions.js'

export type FlagMoment = 'signup' | 'password_change' | 'login'

export interface BreachFlagInput {
  tenantId: string
  externalId: string
  /** When the current password was set: one flag per account and password. */
  passwordEpoch: number
  moment: FlagMoment
  action: BreachAction
  breachCount: number
  now: number
}

/**
 * Records that this account's current password was found breached. Returns true only the first
 * time for this password (the primary key includes its epoch), so webhooks, audit entries and
 * digests fire once per password, not on every login with it.
 */
export async function recordBreachFlag(db: Database, input: BreachFlagInput): Promise<boolean> {
  const rows = await db
    .insert(breachFlags)
    .values({
      tenantId: input.tenantId,
      externalId: input.externalId,
      passwordEpoch: input.passwordEpoch,
      moment: input.moment,
      action: input.action,
      breachCount: input.breachCount,
      flaggedAt: input.now,
    })
    .onConflictDoNothing()
    .returning({ externalId: breachFlags.externalId })
  return rows.length === 1
}

/** Flags no digest has carried yet, oldest first. */
export async function undigestedFlags(db: Database, tenantId: string, limit: number) {
  return db
    .select()
    .from(breachFlags)
    .where(and(eq(breachFlags.tenantId, tenantId), isNull(breachFlags.digestedAt)))
    .orderBy(breachFlags.flaggedAt)
    .limit(limit)
}

/** Marks one flag as carried by a digest (to batch with the digest's outbox row). */
export function markDigested(
  db: Database,
  flag: { tenantId: string; externalId: string; passwordEpoch: number },
  now: number,
): BatchItem<'sqlite'> {
  return db
    .update(breachFlags)
    .set({ digestedAt: now })
    .where(
      and(
        eq(breachFlags.tenantId, flag.tenantId),
        eq(breachFlags.externalId, flag.externalId),
        eq(breachFlags.passwordEpoch, flag.passwordEpoch),
        isNull(breachFlags.digestedAt),
      ),
    ) as unknown as BatchItem<'sqlite'>
}

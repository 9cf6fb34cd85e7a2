import { and, eq, sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Database, StoreDriver } from '../store/database.js'
import { breachFlags, tenants } from '../store/schema.js'
import { resolveBreachDigest } from '../tenants/breach-actions.js'
import { outboxInsert } from '../webhooks/outbox-insert.js'
import { markDigested, undigestedFlags } from './breach-flags.js'

const DAY_MS = 24 * 60 * 60_000
/** Accounts per digest event: keeps one delivery's body small; the rest go in the next. */
export const MAX_DIGEST_ACCOUNTS = 500

type Flag = typeof breachFlags.$inferSelect

/**
 * Writes one `tenant.breach_digest` event listing newly flagged accounts (ids, moment, action,
 * count: never a password) and marks them digested in the same batch, so each flagged account
 * appears in exactly one digest. Returns how many accounts it carried.
 */
export async function writeBreachDigest(
  driver: StoreDriver,
  input: { tenantId: string; mode: 'immediate' | 'daily'; now: number },
): Promise<number> {
  const flags = await undigestedFlags(driver.db, input.tenantId, MAX_DIGEST_ACCOUNTS)
  if (flags.length === 0) return 0
  const { statement } = outboxInsert(driver.db, {
    tenantId: input.tenantId,
    type: 'tenant.breach_digest',
    data: { mode: input.mode, accounts: flags.map(digestEntry) },
    now: input.now,
  })
  const marks = flags.map((flag) => markDigested(driver.db, flag, input.now))
  const stamp: BatchItem<'sqlite'>[] =
    input.mode === 'daily' ? [stampDailyDigest(driver.db, input.tenantId, input.now)] : []
  await driver.batch([statement, ...marks, ...stamp])
  return flags.length
}

/**
 * The daily digests that are due: tenants in `daily` mode whose last digest is 24 h old (or
 * never sent) and who have undigested flags. Called by the webhook delivery loop each pass.
 */
export async function writeDueDailyDigests(driver: StoreDriver, now: number): Promise<number> {
  const due = await driver.db
    .select({ id: tenants.id, breachDigest: tenants.breachDigest })
    .from(tenants)
    .where(
      and(
        eq(tenants.breachDigest, 'daily'),
        sql`coalesce(${tenants.breachDigestSentAt}, 0) <= ${now - DAY_MS}`,
        sql`exists (select 1 from ${breachFlags} where ${breachFlags.tenantId} = ${tenants.id} and ${breachFlags.digestedAt} is null)`,
      ),
    )
  let carried = 0
  for (const tenant of due) {
    if (resolveBreachDigest(tenant) !== 'daily') continue
    carried += await writeBreachDigest(driver, { tenantId: tenant.id, mode: 'daily', now })
  }
  return carried
}

function stampDailyDigest(db: Database, tenantId: string, now: number): BatchItem<'sqlite'> {
  return db
    .update(tenants)
    .set({ breachDigestSentAt: now })
    .where(eq(tenants.id, tenantId)) as unknown as BatchItem<'sqlite'>
}

function digestEntry(flag: Flag) {
  return {
    externalId: flag.externalId,
    moment: flag.moment,
    action: flag.action,
    breachCount: flag.breachCount,
    flaggedAt: new Date(flag.flaggedAt).toISOString(),
  }
}

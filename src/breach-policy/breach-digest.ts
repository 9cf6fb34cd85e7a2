import type { BreachFlagRow, BreachPolicyStore } from '../store/ports/breach-policy-store.js'
import { resolveBreachDigest } from '../tenants/breach-actions.js'
import { outboxEvent } from '../webhooks/outbox-event.js'

const DAY_MS = 24 * 60 * 60_000
/** Accounts per digest event: keeps one delivery's body small; the rest go in the next. */
export const MAX_DIGEST_ACCOUNTS = 500

/**
 * Writes one `tenant.breach_digest` event listing newly flagged accounts (ids, moment, action,
 * count: never a password) and marks them digested atomically with it, so each flagged
 * account appears in exactly one digest, also when two instances write at once. Returns how
 * many accounts it carried.
 */
export function writeBreachDigest(
  store: Pick<BreachPolicyStore, 'writeDigest'>,
  input: { tenantId: string; mode: 'immediate' | 'daily'; now: number },
): Promise<number> {
  const { tenantId, mode, now } = input
  return store.writeDigest({
    tenantId,
    now,
    limit: MAX_DIGEST_ACCOUNTS,
    daily: mode === 'daily',
    event: (flags) =>
      outboxEvent({
        tenantId,
        type: 'tenant.breach_digest',
        data: { mode, accounts: flags.map(digestEntry) },
        now,
      }),
  })
}

/**
 * The daily digests that are due: tenants in `daily` mode whose last digest is 24 h old (or
 * never sent) and who have undigested flags. Called by the webhook delivery loop each pass.
 */
export async function writeDueDailyDigests(
  store: Pick<BreachPolicyStore, 'dueDailyTenants' | 'writeDigest'>,
  now: number,
): Promise<number> {
  const due = await store.dueDailyTenants(now - DAY_MS)
  let carried = 0
  for (const tenant of due) {
    if (resolveBreachDigest(tenant) !== 'daily') continue
    carried += await writeBreachDigest(store, { tenantId: tenant.id, mode: 'daily', now })
  }
  return carried
}

function digestEntry(flag: BreachFlagRow) {
  return {
    externalId: flag.externalId,
    moment: flag.moment,
    action: flag.action,
    breachCount: flag.breachCount,
    flaggedAt: new Date(flag.flaggedAt).toISOString(),
  }
}

import type { AccountAuditTarget } from '../accounts/account-audit-target.js'
import type { Clock } from '../ports/clock.js'
import type { AccountStore } from '../store/ports/account-store.js'
import { forceResets, type ForceResetDeps, type IssuedReset } from './force-reset.js'
import { ADMIN_RESET_REASON } from './reset-reasons.js'

export interface ForceAccountResetDeps extends ForceResetDeps {
  accounts: Pick<AccountStore, 'find'>
  clock: Clock
  /** How the audit log names the account (a keyed pseudonym for an e-mail externalId). */
  auditTarget: AccountAuditTarget
}

/** The reset forced with its one-time token, or no such account in the tenant. */
export type AccountResetOutcome =
  { found: true; issued: IssuedReset; reason: string } | { found: false }

/**
 * Forces one account to reset its password, as an admin asks from the API or the console: the
 * flag with `reason` (default `admin_reset`), a fresh one-time token, the
 * `account.reset_required` event and the `account.reset_forced` audit entry commit in one
 * batch. Each call issues a new token (an admin repeating it wants a token to hand out now).
 * An account deleted between the lookup and the write is not found, like one that never was.
 *
 * @example
 * const outcome = await forceAccountReset(deps, { tenantId, externalId, actor: 'key:k1' })
 * if (outcome.found) send(outcome.issued.token)
 */
export async function forceAccountReset(
  deps: ForceAccountResetDeps,
  input: { tenantId: string; externalId: string; actor: string; reason?: string | undefined },
): Promise<AccountResetOutcome> {
  const { tenantId, externalId, actor } = input
  const account = await deps.accounts.find({ tenantId, externalId })
  if (!account) return { found: false }
  const reason = input.reason ?? ADMIN_RESET_REASON
  const now = deps.clock.now()
  const [issued] = await forceResets(deps, {
    tenantId,
    externalIds: [account.externalId],
    reason,
    now,
    audit: () => ({
      tenantId,
      actor,
      action: 'account.reset_forced',
      target: deps.auditTarget(tenantId, account.externalId),
      details: { reason },
      at: now,
    }),
  })
  return issued ? { found: true, issued, reason } : { found: false }
}

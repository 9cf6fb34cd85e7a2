import type { AppDeps } from '../app/deps.js'
import type { Services } from '../app/services.js'
import type { StorePorts } from '../store/ports/store-ports.js'
import { forceResets, type IssuedReset } from './force-reset.js'
import { incidentResetReason, type ResetScope } from './reset-reasons.js'

/**
 * Forces resets on every account of the scope and audits it under `actor`. Returns the reason
 * code and the one-time tokens, which exist only in this return value. Idempotent per scope:
 * an account still holding a live token of this reason (a repeated or racing request) gets
 * no second one, and the incident's counter counts each account once.
 */
export async function forceIncidentResets(
  deps: Pick<AppDeps, 'clock' | 'random'>,
  services: Pick<Services, 'resetTokenKey'> & { stores: Pick<StorePorts, 'resets'> },
  input: { tenantId: string; incidentId: string; scope: ResetScope; actor: string },
): Promise<{ reason: string; tokens: IssuedReset[] }> {
  const { tenantId, incidentId, scope } = input
  const { resets } = services.stores
  const reason = incidentResetReason(incidentId, scope)
  const now = deps.clock.now()
  const externalIds = await resets.accountsInScope({ tenantId, incidentId, scope })
  const resetDeps = { resets, random: deps.random, tokenKey: services.resetTokenKey }
  // Each chunk's audit entry is written atomically with that chunk (flags, tokens, events).
  const tokens = await forceResets(resetDeps, {
    tenantId,
    externalIds,
    reason,
    now,
    incidentId,
    oncePerReason: true,
    audit: (accounts) => ({
      tenantId,
      actor: input.actor,
      action: 'incident.resets_forced',
      target: incidentId,
      details: { scope, accounts },
      at: now,
    }),
  })
  return { reason, tokens }
}

import { and, count, eq } from 'drizzle-orm'
import type { AppDeps } from '../app/deps.js'
import type { Services } from '../app/services.js'
import type { Database } from '../store/database.js'
import { accountExposures, accounts } from '../store/schema.js'
import { forceResets, type IssuedReset } from './force-reset.js'
import { readIncidentCounters } from './incident-counters.js'
import { incidentResetReason, type ResetScope } from './reset-reasons.js'

/** The accounts a forced reset of this scope reaches (what a confirmation counts). */
export async function accountsInScope(
  db: Database,
  tenantId: string,
  incidentId: string,
  scope: ResetScope,
): Promise<string[]> {
  if (scope === 'all') {
    const rows = await db
      .select({ id: accounts.externalId })
      .from(accounts)
      .where(eq(accounts.tenantId, tenantId))
    return rows.map((row) => row.id)
  }
  const rows = await db
    .select({ id: accountExposures.externalId })
    .from(accountExposures)
    .where(
      and(
        eq(accountExposures.tenantId, tenantId),
        eq(accountExposures.incidentId, incidentId),
        scope === 'password_match' ? eq(accountExposures.passwordMatch, true) : undefined,
      ),
    )
  return rows.map((row) => row.id)
}

/**
 * How many accounts a forced reset of this scope reaches, without reading their ids: the
 * incident's counters for its own scopes, an index count for `all`.
 */
export async function countAccountsInScope(
  db: Database,
  tenantId: string,
  incidentId: string,
  scope: ResetScope,
): Promise<number> {
  if (scope === 'all') {
    const [row] = await db
      .select({ n: count() })
      .from(accounts)
      .where(eq(accounts.tenantId, tenantId))
    return row?.n ?? 0
  }
  const counters = await readIncidentCounters(db, { tenantId, incidentId })
  return scope === 'password_match' ? counters.passwordMatches : counters.accountsExposed
}

/**
 * Forces resets on every account of the scope and audits it under `actor`. Returns the reason
 * code and the one-time tokens, which exist only in this return value.
 */
export async function forceIncidentResets(
  deps: Pick<AppDeps, 'driver' | 'clock' | 'random' | 'settings'>,
  services: Pick<Services, 'resetTokenKey'>,
  input: { tenantId: string; incidentId: string; scope: ResetScope; actor: string },
): Promise<{ reason: string; tokens: IssuedReset[] }> {
  const { tenantId, incidentId, scope } = input
  const reason = incidentResetReason(incidentId, scope)
  const now = deps.clock.now()
  const externalIds = await accountsInScope(deps.driver.db, tenantId, incidentId, scope)
  const resetDeps = { ...deps, tokenKey: services.resetTokenKey }
  // Each chunk's audit entry is written in that chunk's batch (flags, tokens, events).
  const tokens = await forceResets(resetDeps, {
    tenantId,
    externalIds,
    reason,
    now,
    incidentId,
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

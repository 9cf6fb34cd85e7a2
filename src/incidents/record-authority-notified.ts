import type { AppDeps } from '../app/deps.js'
import { checkAuditEntry } from '../audit/audit-insert.js'

/**
 * Records when the supervisory authority was notified (GDPR Art. 33) and who said so, in one
 * atomic write: the report never shows a date the audit log cannot account for. Shared by the
 * API and the console.
 */
export async function recordAuthorityNotified(
  deps: Pick<AppDeps, 'stores' | 'clock' | 'settings'>,
  input: { tenantId: string; incidentId: string; at: number; actor: string },
): Promise<void> {
  const entry = checkAuditEntry({
    tenantId: input.tenantId,
    actor: input.actor,
    action: 'incident.authority_notified',
    target: input.incidentId,
    at: deps.clock.now(),
  })
  const update = { tenantId: input.tenantId, id: input.incidentId, at: input.at }
  await deps.stores.incidents.recordAuthorityNotified(update, entry)
}

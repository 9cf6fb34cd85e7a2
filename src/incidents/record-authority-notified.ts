import type { AppDeps } from '../app/deps.js'
import { writeAudited } from '../audit/append-audit.js'
import { authorityNotifiedUpdate } from './incident-store.js'

/**
 * Records when the supervisory authority was notified (GDPR Art. 33) and who said so, in one
 * batch: the report never shows a date the audit log cannot account for. Shared by the API and
 * the console.
 */
export async function recordAuthorityNotified(
  deps: Pick<AppDeps, 'driver' | 'clock' | 'settings'>,
  input: { tenantId: string; incidentId: string; at: number; actor: string },
): Promise<void> {
  const update = authorityNotifiedUpdate(deps.driver.db, {
    tenantId: input.tenantId,
    id: input.incidentId,
    at: input.at,
  })
  const entry = {
    tenantId: input.tenantId,
    actor: input.actor,
    action: 'incident.authority_notified',
    target: input.incidentId,
    at: deps.clock.now(),
  }
  await writeAudited(deps, entry, { before: [update] })
}

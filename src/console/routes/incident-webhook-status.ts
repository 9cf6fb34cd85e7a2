import { and, desc, eq, sql } from 'drizzle-orm'
import type { Database } from '../../store/database.js'
import { webhookOutbox } from '../../store/schema.js'

export interface IncidentWebhookStatus {
  pending: number
  delivered: number
  failed: number
  /** The newest failed events (id, type, last error), for the redeliver link. */
  recentFailures: { id: string; type: string; lastError: string | null }[]
}

/**
 * The delivery state of the webhook events an incident caused (`incident.created`,
 * `account.exposed`, `account.reset_required`…: every event with `data.incidentId`), read
 * through the outbox's (tenant_id, incident_id) index: constant work per event of the
 * incident, not a scan of every tenant's payloads.
 */
export async function readIncidentWebhookStatus(
  db: Database,
  tenantId: string,
  incidentId: string,
): Promise<IncidentWebhookStatus> {
  const ofIncident = and(
    eq(webhookOutbox.tenantId, tenantId),
    eq(webhookOutbox.incidentId, incidentId),
  )
  const [counts] = await db
    .select({
      delivered: sql<number>`coalesce(sum(case when ${webhookOutbox.deliveredAt} is not null then 1 else 0 end), 0)`,
      failed: sql<number>`coalesce(sum(case when ${webhookOutbox.deliveredAt} is null and ${webhookOutbox.failedAt} is not null then 1 else 0 end), 0)`,
      total: sql<number>`count(*)`,
    })
    .from(webhookOutbox)
    .where(ofIncident)
  const recentFailures = await db
    .select({ id: webhookOutbox.id, type: webhookOutbox.type, lastError: webhookOutbox.lastError })
    .from(webhookOutbox)
    .where(and(ofIncident, sql`${webhookOutbox.failedAt} is not null`))
    .orderBy(desc(webhookOutbox.failedAt))
    .limit(5)
  const delivered = Number(counts?.delivered ?? 0)
  const failed = Number(counts?.failed ?? 0)
  const pending = Number(counts?.total ?? 0) - delivered - failed
  return { pending, delivered, failed, recentFailures }
}

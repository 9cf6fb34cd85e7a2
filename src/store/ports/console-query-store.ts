import type { AuditRow } from './audit-store.js'

/** An incident whose supervisory authority has not been told yet, as the overview lists it. */
export interface OpenIncidentRow {
  id: string
  name: string
  /** The GDPR Art. 33 deadline (ms): 72 h after the breach became known. */
  notifyAuthorityBy: number
  createdAt: number
}

/** The console's audit filter, bounded by the route before it gets here. */
export interface AuditSearch {
  tenantId: string
  /** Plain, case-sensitive substrings (no wildcards: `%` and `_` match themselves). */
  actionContains?: string
  actorContains?: string
  /** Entries at or after this time (ms). */
  fromMs?: number
  /** Entries before this time (ms, exclusive). */
  untilMs?: number
  /** Entries with seq below this (the paging cursor). */
  before?: number
  limit: number
}

/** Delivery state of the webhook events one incident caused. */
export interface IncidentWebhookStatus {
  pending: number
  delivered: number
  failed: number
  /** The newest failed events (id, type, last error), for the redeliver link. */
  recentFailures: { id: string; type: string; lastError: string | null }[]
}

/**
 * Port for the operator's read paths that span aggregates (console pages, /ready, /metrics):
 * counts and lists over indexes, never a write.
 */
export interface ConsoleQueryStore {
  /** Accounts of the tenant that must reset their password. */
  flaggedAccounts(tenantId: string): Promise<number>
  /** Incidents not yet reported to the authority, newest first. */
  openIncidents(tenantId: string, limit: number): Promise<OpenIncidentRow[]>
  /** The tenant's chain, newest first, filtered. */
  searchAudit(search: AuditSearch): Promise<AuditRow[]>
  /** Counts through the outbox's (tenant_id, incident_id) index, and the newest failures. */
  incidentWebhookStatus(tenantId: string, incidentId: string): Promise<IncidentWebhookStatus>
  /** Webhook events of every tenant still to deliver (the /metrics backlog gauge). */
  outboxBacklog(): Promise<number>
  /** Resolves when the database answers a trivial query (/ready). */
  ping(): Promise<void>
}

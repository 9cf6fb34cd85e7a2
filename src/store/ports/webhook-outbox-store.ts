import type { AuditedEntry } from './audited-write.js'

/** One outbox row: an event, its delivery state and its retry schedule. */
export interface OutboxRow {
  id: string
  tenantId: string
  type: string
  /** The JSON body sent (and signed) as is. */
  payload: string
  createdAt: number
  attempts: number
  nextAttemptAt: number
  deliveredAt: number | null
  lastError: string | null
  /** Set when retries gave up; the row is kept for inspection and redelivery. */
  failedAt: number | null
}

/** An event to queue; written only while the tenant has an endpoint (no endpoint, no event). */
export interface OutboxEvent {
  id: string
  tenantId: string
  type: string
  payload: string
  now: number
  /** The incident the event belongs to (`data.incidentId`), or null. */
  incidentId: string | null
}

/** A tenant's endpoint row; the secret is sealed (AES-GCM under PWGUARD_SECRET). */
export interface WebhookEndpointRow {
  tenantId: string
  url: string
  sealedSecret: string
  createdAt: number
  updatedAt: number
}

/** How a claimed attempt ended. */
export type OutboxSettlement =
  | { kind: 'delivered'; at: number }
  | { kind: 'retry'; at: number; nextAttemptAt: number; lastError: string }
  | { kind: 'failed'; at: number; lastError: string }

/** The columns a settlement writes, the same on every adapter. */
export function settlementColumns(outcome: OutboxSettlement) {
  if (outcome.kind === 'delivered') return { deliveredAt: outcome.at, lastError: null }
  if (outcome.kind === 'failed') return { failedAt: outcome.at, lastError: outcome.lastError }
  return { nextAttemptAt: outcome.nextAttemptAt, lastError: outcome.lastError }
}

export type OutboxStatus = 'pending' | 'delivered' | 'failed'

/** What a delivery pass needs: due rows, a claim that only one worker wins, the endpoint. */
export interface OutboxDelivery {
  /** Undelivered, unfailed rows due at `now`, soonest first. */
  due(now: number, limit: number): Promise<OutboxRow[]>
  /**
   * Claims the attempt after the one `row` was read at, leasing the row until `leaseUntil`.
   * Exactly one of any number of concurrent claimers (on any instance) gets the new attempt
   * number; the others get null. A claimer that dies leaves the row due again at the lease end.
   */
  claim(row: OutboxRow, leaseUntil: number): Promise<number | null>
  /** Records the outcome of attempt `attempts`; false when a newer claim owns the row. */
  settle(row: { id: string; attempts: number }, outcome: OutboxSettlement): Promise<boolean>
  endpoint(tenantId: string): Promise<WebhookEndpointRow | null>
}

/** Port for the webhook outbox and endpoints (transactional outbox, at-least-once delivery). */
export interface WebhookOutboxStore extends OutboxDelivery {
  /** Queues an event unless its id exists; false when not written (duplicate, no endpoint). */
  enqueue(event: OutboxEvent): Promise<boolean>
  /** The tenant's events, newest first, optionally by status. */
  list(query: { tenantId: string; status?: OutboxStatus; limit: number }): Promise<OutboxRow[]>
  /**
   * Queues a settled (delivered or failed) event again, due now, with its audit entry; false
   * (nothing logged) when the event is pending or not the tenant's.
   */
  redeliver(
    event: { tenantId: string; id: string; now: number },
    entry: AuditedEntry,
  ): Promise<boolean>
  /** Whether the tenant has an event with this id. */
  hasEvent(event: { tenantId: string; id: string }): Promise<boolean>
  /** Creates or replaces the endpoint with its audit entry; true when it was created. */
  putEndpoint(row: WebhookEndpointRow, entry: AuditedEntry): Promise<{ created: boolean }>
  /** Removes the endpoint with its audit entry; false (nothing logged) when there was none. */
  removeEndpoint(tenantId: string, entry: AuditedEntry): Promise<boolean>
}

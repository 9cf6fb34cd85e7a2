import type { Clock } from '../ports/clock.js'
import type { Logger } from '../ports/logger.js'
import type { Random } from '../ports/random.js'
import type { OutboxDelivery, WebhookEndpointRow } from '../store/ports/webhook-outbox-store.js'
import { claimOutboxRow, settleOutboxRow, type OutboxRow } from './outbox-claims.js'
import type { SecretSealer } from './webhook-secret-sealer.js'
import type { WebhookSender } from './webhook-sender.js'
import { signWebhook, SIGNATURE_HEADER } from './webhook-signature.js'

export interface DeliverDueEventsOptions {
  /** The outbox port (`stores.outbox`). */
  outbox: OutboxDelivery
  sender: WebhookSender
  clock: Clock
  random: Random
  sealer: SecretSealer
  logger?: Logger
  /** Rows claimed per pass (default 100). */
  limit?: number
  /** Requests in flight at once (default 4). */
  concurrency?: number
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number
}

export interface DeliveryReport {
  claimed: number
  delivered: number
  retrying: number
  failed: number
  /** Due rows left for a later pass because their endpoint already failed in this one. */
  skipped: number
}

type Outcome = 'not_claimed' | 'skipped' | 'delivered' | 'retrying' | 'failed'

/** State shared by the lanes of one pass. */
interface Pass {
  options: DeliverDueEventsOptions
  endpoint(tenantId: string): Promise<WebhookEndpointRow | null>
  /** Tenants whose endpoint failed in this pass: not tried again until the next one. */
  failing: Set<string>
}

/**
 * One delivery pass: claims due outbox rows and POSTs each, signed, to its tenant's endpoint.
 * 2xx marks the row delivered; anything else schedules a retry with backoff, or marks it
 * failed (kept) once the event is about 3 days old. Safe to run from several workers at once.
 * After one failure, a tenant's other due rows wait for the next pass: a dead or slow endpoint
 * costs one timeout per pass instead of holding up every other tenant's events.
 */
export async function deliverDueEvents(options: DeliverDueEventsOptions): Promise<DeliveryReport> {
  const { outbox } = options
  const due = await outbox.due(options.clock.now(), options.limit ?? 100)
  const report: DeliveryReport = { claimed: 0, delivered: 0, retrying: 0, failed: 0, skipped: 0 }
  const endpoints = new Map<string, Promise<WebhookEndpointRow | null>>()
  const pass: Pass = {
    options,
    failing: new Set(),
    endpoint(tenantId) {
      if (!endpoints.has(tenantId)) endpoints.set(tenantId, outbox.endpoint(tenantId))
      return endpoints.get(tenantId)!
    },
  }
  let next = 0
  const lane = async () => {
    while (next < due.length) {
      const outcome = await deliverOne(pass, due[next++]!)
      if (outcome === 'not_claimed') continue
      report[outcome]++
      if (outcome !== 'skipped') report.claimed++
    }
  }
  const lanes = Math.max(1, Math.min(options.concurrency ?? 4, due.length))
  await Promise.all(Array.from({ length: lanes }, lane))
  return report
}

async function deliverOne(pass: Pass, row: OutboxRow): Promise<Outcome> {
  const { options } = pass
  if (pass.failing.has(row.tenantId)) return 'skipped'
  const timeoutMs = options.timeoutMs ?? 10_000
  const attempts = await claimOutboxRow(options, row, timeoutMs)
  if (attempts === null) return 'not_claimed'
  const endpoint = await pass.endpoint(row.tenantId)
  if (!endpoint) {
    return settleOutboxRow(options, row, attempts, { ok: false, error: 'no_webhook' }, true)
  }
  const secret = await options.sealer.open(row.tenantId, endpoint.sealedSecret)
  if (secret === null) {
    pass.failing.add(row.tenantId)
    return settleOutboxRow(options, row, attempts, { ok: false, error: 'secret_unreadable' })
  }
  const timestamp = Math.floor(options.clock.now() / 1000)
  const result = await options.sender.send({
    url: endpoint.url,
    body: row.payload,
    timeoutMs,
    headers: {
      'Webhook-Id': row.id,
      'Webhook-Timestamp': String(timestamp),
      [SIGNATURE_HEADER]: await signWebhook(secret, timestamp, row.payload),
    },
  })
  if (!result.ok) pass.failing.add(row.tenantId)
  return settleOutboxRow(options, row, attempts, result)
}

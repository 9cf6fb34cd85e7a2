import { and, isNull, lte } from 'drizzle-orm'
import type { Clock } from '../ports/clock.js'
import type { Logger } from '../ports/logger.js'
import type { Random } from '../ports/random.js'
import type { StoreDriver } from '../store/database.js'
import { webhookOutbox } from '../store/schema.js'
import { claimOutboxRow, settleOutboxRow, type OutboxRow } from './outbox-claims.js'
import type { SecretSealer } from './webhook-secret-sealer.js'
import type { WebhookSender } from './webhook-sender.js'
import { signWebhook, SIGNATURE_HEADER } from './webhook-signature.js'
import { findWebhook, type WebhookRow } from './webhook-store.js'

export interface DeliverDueEventsOptions {
  driver: StoreDriver
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
}

/**
 * One delivery pass: claims due outbox rows and POSTs each, signed, to its tenant's endpoint.
 * 2xx marks the row delivered; anything else schedules a retry with backoff, or marks it
 * failed (kept) once the event is about 3 days old. Safe to run from several workers at once.
 */
export async function deliverDueEvents(options: DeliverDueEventsOptions): Promise<DeliveryReport> {
  const { driver, clock } = options
  const due = await driver.db
    .select()
    .from(webhookOutbox)
    .where(
      and(
        isNull(webhookOutbox.deliveredAt),
        isNull(webhookOutbox.failedAt),
        lte(webhookOutbox.nextAttemptAt, clock.now()),
      ),
    )
    .orderBy(webhookOutbox.nextAttemptAt)
    .limit(options.limit ?? 100)
  const report: DeliveryReport = { claimed: 0, delivered: 0, retrying: 0, failed: 0 }
  const endpoints = new Map<string, Promise<WebhookRow | null>>()
  const endpointFor = (tenantId: string) => {
    if (!endpoints.has(tenantId)) endpoints.set(tenantId, findWebhook(driver.db, tenantId))
    return endpoints.get(tenantId)!
  }
  let next = 0
  const worker = async () => {
    while (next < due.length) {
      const row = due[next++]!
      const outcome = await deliverOne(options, row, endpointFor)
      if (outcome !== 'not_claimed') report.claimed++
      if (outcome !== 'not_claimed') report[outcome]++
    }
  }
  const lanes = Math.max(1, Math.min(options.concurrency ?? 4, due.length))
  await Promise.all(Array.from({ length: lanes }, worker))
  return report
}

async function deliverOne(
  options: DeliverDueEventsOptions,
  row: OutboxRow,
  endpointFor: (tenantId: string) => Promise<WebhookRow | null>,
): Promise<'not_claimed' | 'delivered' | 'retrying' | 'failed'> {
  const timeoutMs = options.timeoutMs ?? 10_000
  const attempts = await claimOutboxRow(options, row, timeoutMs)
  if (attempts === null) return 'not_claimed'
  const endpoint = await endpointFor(row.tenantId)
  if (!endpoint)
    return settleOutboxRow(
      options,
      row,
      attempts,
      { ok: false, error: 'no webhook configured' },
      true,
    )
  const secret = await options.sealer.open(row.tenantId, endpoint.sealedSecret)
  if (secret === null) {
    return settleOutboxRow(options, row, attempts, {
      ok: false,
      error: 'secret cannot be unsealed',
    })
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
  return settleOutboxRow(options, row, attempts, result)
}

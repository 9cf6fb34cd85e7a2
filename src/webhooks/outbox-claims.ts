import type { Clock } from '../ports/clock.js'
import type { Logger } from '../ports/logger.js'
import type { Random } from '../ports/random.js'
import type { OutboxDelivery, OutboxRow } from '../store/ports/webhook-outbox-store.js'
import { nextAttemptAt } from './retry-schedule.js'
import type { WebhookResponse } from './webhook-sender.js'

export type { OutboxRow } from '../store/ports/webhook-outbox-store.js'

interface ClaimDeps {
  outbox: OutboxDelivery
  clock: Clock
  random: Random
  logger?: Logger
}

/**
 * Claims the row's next attempt: exactly one of several workers that read the same due row
 * wins (see the port). The claim pushes next_attempt_at past the timeout, a lease: if this
 * worker dies mid-send, the row becomes due again afterwards.
 */
export async function claimOutboxRow(
  deps: ClaimDeps,
  row: OutboxRow,
  timeoutMs: number,
): Promise<number | null> {
  return deps.outbox.claim(row, deps.clock.now() + timeoutMs + 60_000)
}

/**
 * Records an attempt's outcome: delivered, retry at the next backoff step, or failed (kept).
 * Keyed on the claimed attempt number, so a worker whose lease ran out and whose row another
 * worker re-claimed cannot overwrite the newer attempt's state.
 */
export async function settleOutboxRow(
  deps: ClaimDeps,
  row: OutboxRow,
  attempts: number,
  result: WebhookResponse,
  giveUp = false,
): Promise<'delivered' | 'retrying' | 'failed'> {
  const now = deps.clock.now()
  const mine = { id: row.id, attempts }
  if (result.ok) {
    await deps.outbox.settle(mine, { kind: 'delivered', at: now })
    return 'delivered'
  }
  const retryAt = giveUp
    ? null
    : nextAttemptAt({ attempts, createdAt: row.createdAt, now, random: deps.random })
  const lastError = result.error
  deps.logger?.warn('webhook delivery failed', {
    event: row.id,
    tenant: row.tenantId,
    attempts,
    error: lastError,
    retryAt,
  })
  if (retryAt === null) {
    await deps.outbox.settle(mine, { kind: 'failed', at: now, lastError })
    return 'failed'
  }
  await deps.outbox.settle(mine, { kind: 'retry', at: now, nextAttemptAt: retryAt, lastError })
  return 'retrying'
}

import { and, eq, isNull } from 'drizzle-orm'
import type { Clock } from '../ports/clock.js'
import type { Logger } from '../ports/logger.js'
import type { Random } from '../ports/random.js'
import type { StoreDriver } from '../store/database.js'
import { webhookOutbox } from '../store/schema.js'
import { nextAttemptAt } from './retry-schedule.js'
import type { WebhookResponse } from './webhook-sender.js'

export type OutboxRow = typeof webhookOutbox.$inferSelect

interface ClaimDeps {
  driver: StoreDriver
  clock: Clock
  random: Random
  logger?: Logger
}

/**
 * Compare-and-swap on (attempts, next_attempt_at): of two workers that read the same due row,
 * exactly one moves it, so one attempt is sent once. The claim pushes next_attempt_at past the
 * timeout, a lease: if this worker dies mid-send, the row becomes due again afterwards.
 */
export async function claimOutboxRow(
  options: ClaimDeps,
  row: OutboxRow,
  timeoutMs: number,
): Promise<number | null> {
  const claimed = await options.driver.db
    .update(webhookOutbox)
    .set({ attempts: row.attempts + 1, nextAttemptAt: options.clock.now() + timeoutMs + 60_000 })
    .where(
      and(
        eq(webhookOutbox.id, row.id),
        eq(webhookOutbox.attempts, row.attempts),
        eq(webhookOutbox.nextAttemptAt, row.nextAttemptAt),
        isNull(webhookOutbox.deliveredAt),
        isNull(webhookOutbox.failedAt),
      ),
    )
    .returning({ attempts: webhookOutbox.attempts })
  return claimed[0]?.attempts ?? null
}

/**
 * Records an attempt's outcome: delivered, retry at the next backoff step, or failed (kept).
 * Keyed on the claimed attempt number, so a worker whose lease ran out and whose row another
 * worker re-claimed cannot overwrite the newer attempt's state.
 */
export async function settleOutboxRow(
  options: ClaimDeps,
  row: OutboxRow,
  attempts: number,
  result: WebhookResponse,
  giveUp = false,
): Promise<'delivered' | 'retrying' | 'failed'> {
  const now = options.clock.now()
  const mine = and(eq(webhookOutbox.id, row.id), eq(webhookOutbox.attempts, attempts))
  const db = options.driver.db
  if (result.ok) {
    await db.update(webhookOutbox).set({ deliveredAt: now, lastError: null }).where(mine)
    return 'delivered'
  }
  const retryAt = giveUp
    ? null
    : nextAttemptAt({ attempts, createdAt: row.createdAt, now, random: options.random })
  const lastError = result.error
  options.logger?.warn('webhook delivery failed', {
    event: row.id,
    tenant: row.tenantId,
    attempts,
    error: lastError,
    retryAt,
  })
  if (retryAt === null) {
    await db.update(webhookOutbox).set({ failedAt: now, lastError }).where(mine)
    return 'failed'
  }
  await db.update(webhookOutbox).set({ nextAttemptAt: retryAt, lastError }).where(mine)
  return 'retrying'
}

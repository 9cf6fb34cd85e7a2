import type { AppDeps } from '../app/deps.js'
import { runWebhookDelivery } from './run-webhook-delivery.js'

/**
 * The Node server's delivery worker: one pass every `intervalMs`, the next scheduled only when
 * the previous one finished (passes never overlap here; other processes may run their own,
 * the claims keep them apart). The timer is unref'd so it never holds the process open.
 */
export function startWebhookDeliveryLoop(
  deps: AppDeps,
  options: { intervalMs?: number } = {},
): { stop(): Promise<void> } {
  const intervalMs = options.intervalMs ?? 1_000
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let running: Promise<void> = Promise.resolve()
  const tick = () => {
    running = runWebhookDelivery(deps)
      .then((report) => {
        if (report.claimed > 0) deps.logger.info('webhook delivery pass', { ...report })
      })
      .catch((error: unknown) => {
        deps.logger.error('webhook delivery pass failed', {
          error: error instanceof Error ? error.message : String(error),
        })
      })
      .finally(schedule)
  }
  const schedule = () => {
    if (stopped) return
    timer = setTimeout(tick, intervalMs)
    timer.unref()
  }
  schedule()
  return {
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running
    },
  }
}

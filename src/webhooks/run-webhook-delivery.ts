import type { AppDeps, AppSettings } from '../app/deps.js'
import { writeDueDailyDigests } from '../breach-policy/breach-digest.js'
import { deliverDueEvents, type DeliveryReport } from './deliver-due-events.js'
import { parseWebhookAllowList } from './webhook-allow-list.js'
import { createSecretSealer } from './webhook-secret-sealer.js'
import { createFetchWebhookSender } from './webhook-sender.js'

/**
 * One delivery pass over the app's deps: what a Worker `scheduled` handler (or
 * `ctx.waitUntil` after a write), the Node timer and `pwguard webhooks deliver` call. Uses
 * `deps.webhookSender` when set, else the global fetch with the URL rules. Writes the daily
 * breach digests that are due first, so they go out in the same pass.
 */
export async function runWebhookDelivery(
  deps: Pick<AppDeps, 'stores' | 'clock' | 'random' | 'logger' | 'webhookSender'> & {
    settings: Pick<AppSettings, 'secret' | 'webhookAllowedHosts'>
  },
  options: { limit?: number; concurrency?: number; timeoutMs?: number } = {},
): Promise<DeliveryReport> {
  // Daily breach digests ride on the delivery pass: every runtime already schedules it.
  await writeDueDailyDigests(deps.stores.breachPolicy, deps.clock.now())
  return deliverDueEvents({
    // The entry's store ports when it passed them (PostgreSQL), else SQLite over `driver`.
    outbox: deps.stores.outbox,
    clock: deps.clock,
    random: deps.random,
    logger: deps.logger,
    sender:
      deps.webhookSender ??
      createFetchWebhookSender({
        allow: parseWebhookAllowList(deps.settings.webhookAllowedHosts ?? []),
      }),
    sealer: createSecretSealer(deps.settings.secret, deps.random),
    ...options,
  })
}

import { parseArgs } from 'node:util'
import { loadNodeSecret } from './cli-node-context.js'
import { systemClock } from '../ports/clock.js'
import { webCryptoRandom } from '../ports/random.js'
import { runWebhookDelivery } from '../webhooks/run-webhook-delivery.js'
import { parseWebhookAllowList } from '../webhooks/webhook-allow-list.js'
import { createNodeWebhookSender } from '../webhooks/webhook-sender-node.js'
import { openCliStores } from './open-cli-stores.js'
import { CliUsageError, type CliCommand } from './cli-command.js'

export const webhooksDeliverCommand: CliCommand = {
  name: ['webhooks', 'deliver'],
  summary: 'one delivery pass over the webhook outbox (what `serve` runs every second)',
  usage: 'pwguard webhooks deliver [--limit 100] [--timeout-ms 10000]',
  async run(args, { config, io, logger }) {
    const { values } = parseArgs({
      args,
      options: { limit: { type: 'string' }, 'timeout-ms': { type: 'string' } },
    })
    const limit = Number(values.limit ?? 100)
    const timeoutMs = Number(values['timeout-ms'] ?? 10_000)
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
      throw new CliUsageError('--limit must be an integer between 1 and 10000')
    }
    if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 120_000) {
      throw new CliUsageError('--timeout-ms must be an integer between 100 and 120000')
    }
    const secret = loadNodeSecret(config, logger)
    const { stores, close } = await openCliStores(config, secret)
    try {
      const allowedHosts = config.webhookAllowedHosts
      const webhookSender = createNodeWebhookSender({ allow: parseWebhookAllowList(allowedHosts) })
      const report = await runWebhookDelivery(
        {
          stores,
          clock: systemClock,
          random: webCryptoRandom,
          logger,
          webhookSender,
          settings: { secret, webhookAllowedHosts: allowedHosts },
        },
        { limit, timeoutMs },
      )
      io.stderr(
        `claimed ${report.claimed}: delivered ${report.delivered}, retrying ${report.retrying}, failed ${report.failed}\n`,
      )
      io.stdout(`${JSON.stringify(report)}\n`)
      return 0
    } finally {
      await close()
    }
  },
}

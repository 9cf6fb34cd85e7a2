import { startNodeServer } from './cli-node-context.js'
import type { CliCommand } from './cli-command.js'

export const serveCommand: CliCommand = {
  name: ['serve'],
  summary: 'serve the HTTP API (same as npm start)',
  usage: 'pwguard serve',
  async run(_args, { config, logger }) {
    await startNodeServer(config, logger)
    // Keep running: the server's handles hold the process open until a signal.
    return new Promise<number>(() => {})
  },
}

import { availableParallelism } from 'node:os'
import { ConfigError, parseConfig } from '../config/config.js'
import { createJsonLogger } from '../ports/logger.js'
import { startNodeServer } from './start-node-server.js'

// The Node entry: the only module that reads process.env.
try {
  const config = parseConfig(process.env, { cores: availableParallelism() })
  const logger = createJsonLogger(config.log === 'silent' ? () => {} : (line) => console.log(line))
  await startNodeServer(config, logger)
} catch (error) {
  if (error instanceof ConfigError || (error as { code?: string }).code === 'PWGUARD_STARTUP') {
    console.error(`pwguard: ${(error as Error).message}`)
    process.exit(1)
  }
  throw error
}

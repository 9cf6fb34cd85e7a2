import { availableParallelism } from 'node:os'
import { runCli } from '../cli/run-cli.js'
import { parseConfig } from '../config/config.js'
import { createJsonLogger } from '../ports/logger.js'

// The CLI entry: like the server entry, the only place that reads process.env and argv.
const logger = createJsonLogger((line) => process.stderr.write(`${line}\n`))
const code = await runCli(process.argv.slice(2), {
  config: () => parseConfig(process.env, { cores: availableParallelism() }),
  io: {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: Boolean(process.stderr.isTTY),
  },
  logger,
})
process.exitCode = code

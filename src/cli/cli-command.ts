import type { NodeConfig } from '../config/config.js'
import type { Logger } from '../ports/logger.js'

export interface CliIo {
  stdout(text: string): void
  stderr(text: string): void
  /** True when stderr is a terminal: progress bars redraw in place, else print plain lines. */
  isTTY: boolean
}

export interface CliContext {
  config: NodeConfig
  io: CliIo
  logger: Logger
}

/** One `pwguard <name…>` command. `run` returns the process exit code. */
export interface CliCommand {
  /** Words after `pwguard`, e.g. ['keys', 'create']. */
  name: string[]
  summary: string
  usage: string
  run(args: string[], context: CliContext): Promise<number>
}

/** A usage error: printed with the command's usage line, exit code 2. */
export class CliUsageError extends Error {
  override name = 'CliUsageError'
}

import { ConfigError, type NodeConfig } from '../config/config.js'
import type { Logger } from '../ports/logger.js'
import { CliUsageError, type CliCommand, type CliIo } from './cli-command.js'
import { COMMANDS } from './commands.js'

/** Dispatches `pwguard <words…> [flags]` to the longest matching command. Returns the exit code. */
export async function runCli(
  argv: string[],
  context: { config: () => NodeConfig; io: CliIo; logger: Logger },
): Promise<number> {
  const command = findCommand(argv)
  if (!command) {
    context.io.stderr(helpText())
    return argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' ? 0 : 2
  }
  const args = argv.slice(command.name.length)
  if (args.includes('--help') || args.includes('-h')) {
    context.io.stdout(`${command.summary}\nusage: ${command.usage}\n`)
    return 0
  }
  try {
    const config = context.config()
    return await command.run(args, {
      config,
      io: context.io,
      logger: context.logger,
    })
  } catch (error) {
    if (
      error instanceof CliUsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      context.io.stderr(`pwguard: ${(error as Error).message}\nusage: ${command.usage}\n`)
      return 2
    }
    if (error instanceof ConfigError || (error as { code?: string }).code === 'PWGUARD_STARTUP') {
      context.io.stderr(`pwguard: ${(error as Error).message}\n`)
      return 1
    }
    throw error
  }
}

function findCommand(argv: string[]): CliCommand | undefined {
  return [...COMMANDS]
    .sort((a, b) => b.name.length - a.name.length)
    .find((command) => command.name.every((word, index) => argv[index] === word))
}

function helpText(): string {
  const lines = COMMANDS.map(
    (command) => `  ${command.name.join(' ').padEnd(20)} ${command.summary}`,
  )
  return `pwguard — credential-breach and password-hygiene guard\n\ncommands:\n${lines.join('\n')}\n\nRun 'pwguard <command> --help' for its flags.\n`
}

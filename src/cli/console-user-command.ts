import { parseArgs } from 'node:util'
import { buildServices } from '../app/services.js'
import { createConsoleUser } from '../console/auth/create-console-user.js'
import { buildNodeDeps } from './cli-node-context.js'
import { CliUsageError, type CliCommand } from './cli-command.js'

/** Reads the whole of stdin (the password), without its final newline. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '')
}

export const consoleUserCreateCommand: CliCommand = {
  name: ['console-user', 'create'],
  summary: 'create a console user (password from stdin); prints the TOTP provisioning URI once',
  usage: 'pwguard console-user create --tenant ID --email EMAIL --password-stdin',
  async run(args, { config, io, logger }) {
    const { values } = parseArgs({
      args,
      options: {
        tenant: { type: 'string' },
        email: { type: 'string' },
        'password-stdin': { type: 'boolean' },
      },
    })
    if (!values.tenant || !values.email || !values['password-stdin']) {
      throw new CliUsageError('--tenant, --email and --password-stdin are required')
    }
    // Never a --password flag: it would sit in the shell history and the process list.
    const password = await readStdin()
    const node = await buildNodeDeps(config, logger)
    try {
      const { deps } = node
      const outcome = await createConsoleUser(deps, buildServices(deps), {
        tenantId: values.tenant,
        email: values.email,
        password,
        // The user and its `console_user.created` entry are one atomic write.
        actor: 'cli',
      })
      if (outcome.kind === 'no_tenant') {
        io.stderr(`no tenant ${values.tenant}: create it with pwguard keys create first\n`)
        return 2
      }
      if (outcome.kind === 'exists') {
        io.stderr('a console user with this e-mail exists in this tenant\n')
        return 2
      }
      if (outcome.kind === 'password_rejected') {
        io.stderr(`password refused: ${outcome.violations.map((v) => v.message).join(' ')}\n`)
        return 3
      }
      if (outcome.kind === 'password_invalid') {
        io.stderr(`password refused: ${outcome.code}\n`)
        return 3
      }
      io.stderr(`created console user ${outcome.id}; add this to an authenticator app now:\n`)
      io.stdout(`${outcome.totpUri}\n`)
      return 0
    } finally {
      node.close()
    }
  },
}

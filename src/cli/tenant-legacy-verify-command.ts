import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { checkAuditEntry } from '../audit/audit-insert.js'
import { loadNodeSecret } from './cli-node-context.js'
import {
  DEFAULT_LEGACY_TIMEOUT_MS,
  legacyVerifyRow,
  MAX_LEGACY_TIMEOUT_MS,
  toLegacyVerifyView,
} from '../legacy-verify/legacy-verify-store.js'
import { systemClock } from '../ports/clock.js'
import { webCryptoRandom } from '../ports/random.js'
import { parseWebhookAllowList } from '../webhooks/webhook-allow-list.js'
import { createSecretSealer } from '../webhooks/webhook-secret-sealer.js'
import { webhookUrlProblem } from '../webhooks/webhook-url.js'
import { CliUsageError, type CliCommand } from './cli-command.js'
import { openCliStores } from './open-cli-stores.js'

/**
 * `pwguard tenant legacy-verify`: the CLI face of /v1/tenant/legacy-verify. The signing secret
 * is read from a file, never from argv, where it would sit in shell history and `ps`.
 */
export const tenantLegacyVerifyCommand: CliCommand = {
  name: ['tenant', 'legacy-verify'],
  summary: "show, set or delete a tenant's legacy verify hook (first-login import)",
  usage:
    'pwguard tenant legacy-verify --tenant ID [--url URL --secret-file PATH [--timeout-ms 5000] | --delete]',
  async run(args, { config, io, logger }) {
    const { values } = parseArgs({
      args,
      options: {
        tenant: { type: 'string' },
        url: { type: 'string' },
        'secret-file': { type: 'string' },
        'timeout-ms': { type: 'string' },
        delete: { type: 'boolean' },
      },
    })
    const tenantId = values.tenant
    if (!tenantId) throw new CliUsageError('--tenant is required')
    const secret = loadNodeSecret(config, logger)
    const { stores, close } = await openCliStores(config, secret)
    try {
      const at = systemClock.now()
      if (values.delete) {
        const entry = checkAuditEntry({
          tenantId,
          actor: 'cli',
          action: 'legacy_verify.deleted',
          at,
        })
        const logged = await stores.legacyVerify.remove(tenantId, entry)
        io.stderr(logged ? `removed the legacy verify hook of ${tenantId}\n` : 'none configured\n')
        return logged ? 0 : 1
      }
      if (values.url !== undefined) {
        const input = parseSetInput(values, config.webhookAllowedHosts)
        const sealer = createSecretSealer(secret, webCryptoRandom)
        const row = await legacyVerifyRow(sealer, { tenantId, ...input, now: at })
        const details = { origin: new URL(input.url).origin, timeoutMs: input.timeoutMs }
        const action = 'legacy_verify.set'
        const entry = checkAuditEntry({ tenantId, actor: 'cli', action, details, at })
        await stores.legacyVerify.put(row, entry)
      }
      const row = await stores.legacyVerify.find(tenantId)
      if (!row) {
        io.stderr(`no legacy verify hook for ${tenantId}\n`)
        return 1
      }
      io.stdout(`${JSON.stringify(toLegacyVerifyView(row), null, 2)}\n`)
      return 0
    } finally {
      await close()
    }
  },
}

function parseSetInput(
  values: { url?: string; 'secret-file'?: string; 'timeout-ms'?: string },
  allowedHosts: readonly string[],
) {
  const url = values.url ?? ''
  const problem = webhookUrlProblem(url, parseWebhookAllowList(allowedHosts))
  if (problem) throw new CliUsageError(`--url: ${problem}`)
  if (!values['secret-file']) throw new CliUsageError('--secret-file is required with --url')
  const signing = readFileSync(values['secret-file'], 'utf8').trim()
  if (signing.length < 16 || signing.length > 256)
    throw new CliUsageError('the secret must be 16-256 characters')
  const timeoutMs = Number(values['timeout-ms'] ?? DEFAULT_LEGACY_TIMEOUT_MS)
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > MAX_LEGACY_TIMEOUT_MS)
    throw new CliUsageError(`--timeout-ms must be 100-${MAX_LEGACY_TIMEOUT_MS}`)
  return { url, secret: signing, timeoutMs }
}

import { parseArgs } from 'node:util'
import { deriveAuditChainKey } from '../audit/audit-chain-key.js'
import { auditedTenants, verifyAuditChain } from '../audit/verify-audit-chain.js'
import { loadExistingNodeSecret } from './cli-node-context.js'
import { CliUsageError, type CliCommand } from './cli-command.js'
import { openCliStores } from './open-cli-stores.js'

export const auditVerifyCommand: CliCommand = {
  name: ['audit', 'verify'],
  summary:
    "recompute the audit log's keyed hash chains and print each head; exit 1 at the first tampered entry",
  usage: 'pwguard audit verify [--tenant ID] [--accept-unkeyed]',
  async run(args, { config, io }) {
    const { values } = parseArgs({
      args,
      options: { tenant: { type: 'string' }, 'accept-unkeyed': { type: 'boolean' } },
    })
    // Never generate a secret here: a new one would make every keyed link look tampered.
    const secret = loadExistingNodeSecret(config)
    if (!secret) {
      throw new CliUsageError(
        'the audit chain is keyed by PWGUARD_SECRET: set it (or keep data/secret)',
      )
    }
    const key = deriveAuditChainKey(secret)
    const { stores, close } = await openCliStores(config, secret)
    try {
      const tenants = values.tenant ? [values.tenant] : await auditedTenants(stores.audit)
      let total = 0
      for (const tenantId of tenants) {
        const verdict = await verifyAuditChain(stores.audit, key, tenantId, {
          acceptUnkeyed: values['accept-unkeyed'] ?? false,
        })
        if (!verdict.ok) {
          io.stdout(
            `tampered: tenant ${tenantId}, seq ${verdict.seq}: ${verdict.problem} (${verdict.checked} entries before it verify)\n`,
          )
          return 1
        }
        const { head } = verdict
        // The head, for comparison with (or addition to) the operator's external anchor.
        io.stdout(
          `head ${tenantId} seq=${head.seq} hash=${head.hash} at=${head.at ?? '-'} keyed=${head.keyed}\n`,
        )
        if (verdict.unkeyed > 0) {
          io.stderr(`tenant ${tenantId}: ${verdict.unkeyed} entries predate the keyed chain\n`)
        }
        total += verdict.entries
      }
      io.stdout(`ok, ${total} entries\n`)
      return 0
    } finally {
      await close()
    }
  },
}

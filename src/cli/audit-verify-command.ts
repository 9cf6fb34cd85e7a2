import { parseArgs } from 'node:util'
import { auditedTenants, verifyAuditChain } from '../audit/verify-audit-chain.js'
import { openSqliteDriver } from '../store/sqlite-driver.js'
import type { CliCommand } from './cli-command.js'

export const auditVerifyCommand: CliCommand = {
  name: ['audit', 'verify'],
  summary: "recompute the audit log's hash chains; exit 1 at the first tampered entry",
  usage: 'pwguard audit verify [--tenant ID]',
  async run(args, { config, io }) {
    const { values } = parseArgs({ args, options: { tenant: { type: 'string' } } })
    const driver = openSqliteDriver(config.dbFile)
    try {
      const tenants = values.tenant ? [values.tenant] : await auditedTenants(driver.db)
      let total = 0
      for (const tenantId of tenants) {
        const verdict = await verifyAuditChain(driver.db, tenantId)
        if (!verdict.ok) {
          io.stdout(
            `tampered: tenant ${tenantId}, seq ${verdict.seq}: ${verdict.problem} (${verdict.checked} entries before it verify)\n`,
          )
          return 1
        }
        io.stderr(`tenant ${tenantId}: ${verdict.entries} entries, last hash ${verdict.lastHash}\n`)
        total += verdict.entries
      }
      io.stdout(`ok, ${total} entries\n`)
      return 0
    } finally {
      driver.close()
    }
  },
}

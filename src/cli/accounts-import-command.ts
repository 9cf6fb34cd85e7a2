import { createReadStream, statSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { createEmailIndexer } from '../accounts/email-index.js'
import { importAccounts } from '../accounts/import-accounts.js'
import { checkAuditEntry } from '../audit/audit-insert.js'
import { importAuditCounts } from '../audit/import-audit-counts.js'
import { importAuditEntries } from '../audit/import-audit-entries.js'
import { readUploadLines } from '../accounts/ndjson-lines.js'
import { createCliBuildProgress } from '../breach/corpus/build/build-progress-node.js'
import { deriveSecretKeys } from '../crypto/secret-keys.js'
import { loadNodeSecret } from './cli-node-context.js'
import { systemClock } from '../ports/clock.js'
import { webCryptoRandom } from '../ports/random.js'
import { CliUsageError, type CliCommand } from './cli-command.js'
import { openCliStores } from './open-cli-stores.js'

export const accountsImportCommand: CliCommand = {
  name: ['accounts', 'import'],
  summary:
    'import accounts with legacy hashes from an NDJSON file (same format as the HTTP import)',
  usage: 'pwguard accounts import FILE --tenant ID [--batch 500]',
  async run(args, { config, io, logger }) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { tenant: { type: 'string' }, batch: { type: 'string' } },
    })
    const file = positionals[0]
    if (!file || positionals.length > 1) throw new CliUsageError('give exactly one FILE')
    if (!values.tenant) throw new CliUsageError('--tenant is required')
    const batchSize = Number(values.batch ?? 500)
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
      throw new CliUsageError('--batch must be an integer between 1 and 10000')
    }
    const size = statSync(file).size
    const secret = loadNodeSecret(config, logger)
    // SQLite, or PostgreSQL when PWGUARD_DATABASE_URL is set: the same batches either way.
    const { stores, close } = await openCliStores(config, secret)
    try {
      const keys = deriveSecretKeys(secret)
      const now = systemClock.now()
      const tenant = { id: values.tenant, name: values.tenant, serviceName: null }
      await stores.tenantKeys.ensureTenant(tenant, now)
      const progress = createCliBuildProgress(io.stderr, io.isTTY)
      progress.phase('import', size, 'bytes')
      const stream = createReadStream(file, { highWaterMark: 1 << 20 })
      const started = performance.now()
      const audit = importAuditEntries({
        tenantId: values.tenant,
        actor: 'cli',
        clock: () => systemClock.now(),
        random: webCryptoRandom,
      })
      const report = await importAccounts(
        readUploadLines(stream),
        {
          accounts: stores.accounts,
          emailIndexer: createEmailIndexer(secret),
          fingerprintKey: keys.importFingerprint,
        },
        {
          tenantId: values.tenant,
          now,
          batchSize,
          auditBatch: audit.batch,
          onProgress: () => progress.update(stream.bytesRead),
        },
      )
      progress.update(size)
      progress.end()
      const seconds = (performance.now() - started) / 1000
      const total = report.imported + report.updated + report.unchanged
      io.stderr(
        `imported ${report.imported}, updated ${report.updated}, unchanged ${report.unchanged}, rejected ${report.rejectedCount} in ${seconds.toFixed(1)} s (${Math.round(total / Math.max(seconds, 1e-3))} accounts/s)\n`,
      )
      // Each batch committed with its own entry; this closing total records no change itself.
      await stores.audit.append(checkAuditEntry(audit.summary(importAuditCounts(report))))
      io.stdout(`${JSON.stringify(report)}\n`)
      return report.rejectedCount > 0 ? 3 : 0
    } finally {
      await close()
    }
  },
}

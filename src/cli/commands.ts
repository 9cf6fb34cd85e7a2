import { accountsImportCommand } from './accounts-import-command.js'
import { auditVerifyCommand } from './audit-verify-command.js'
import type { CliCommand } from './cli-command.js'
import { corpusAddCommand } from './corpus-add-command.js'
import { consoleUserCreateCommand } from './console-user-command.js'
import { corpusBuildCommand } from './corpus-build-command.js'
import { corpusSyncCommand } from './corpus-sync-command.js'
import { corpusUpdateCommand } from './corpus-update-command.js'
import { corpusVerifyCommand } from './corpus-verify-command.js'
import { dbCopyCommand } from './db-copy-command.js'
import { incidentIngestCommand } from './incident-ingest-command.js'
import { migrateWrapCommand } from './migrate-wrap-command.js'
import { keysCreateCommand, keysListCommand, keysRevokeCommand } from './keys-commands.js'
import { serveCommand } from './serve-command.js'
import { tenantPolicyCommand } from './tenant-policy-command.js'
import { tenantLegacyVerifyCommand } from './tenant-legacy-verify-command.js'
import { webhooksDeliverCommand } from './webhooks-deliver-command.js'

/** Every `pwguard` command. The README's CLI section lists the same set. */
export const COMMANDS: CliCommand[] = [
  serveCommand,
  keysCreateCommand,
  keysListCommand,
  keysRevokeCommand,
  accountsImportCommand,
  corpusBuildCommand,
  corpusUpdateCommand,
  corpusSyncCommand,
  corpusVerifyCommand,
  corpusAddCommand,
  webhooksDeliverCommand,
  auditVerifyCommand,
  migrateWrapCommand,
  incidentIngestCommand,
  tenantPolicyCommand,
  tenantLegacyVerifyCommand,
  consoleUserCreateCommand,
  dbCopyCommand,
]

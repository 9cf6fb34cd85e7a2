import type { StorePorts } from '../store/ports/store-ports.js'
import {
  sqliteWriteAudited,
  type SqliteAuditedWrite,
} from '../store/sqlite/sqlite-audited-write.js'
import { deriveAuditChainKey, type AuditDeps } from './audit-chain-key.js'
import { checkAuditEntry, type AuditAppendInput } from './audit-insert.js'

export type { AuditAppendInput } from './audit-insert.js'
export type { AuditDeps } from './audit-chain-key.js'

/** The change an audited write carries on SQLite/D1 (modules not yet on store ports). */
export type AuditedWrite = SqliteAuditedWrite

/**
 * Writes a change and the audit entry that records it in one atomic batch; null when
 * `write.onlyIf` did not hold (nothing logged). SQLite and D1 only (the change is SQLite
 * statements): for modules not yet on store ports. Features on ports pass the entry to the
 * port method instead (src/store/ports/audited-write.ts).
 */
export async function writeAudited(
  deps: AuditDeps,
  input: AuditAppendInput,
  write: AuditedWrite = {},
): Promise<{ seq: number; hash: string } | null> {
  const entry = checkAuditEntry(input)
  return sqliteWriteAudited(deps.driver, deriveAuditChainKey(deps.settings.secret), entry, write)
}

/**
 * Appends one entry on its own, for actions with nothing else to write: through the entry's
 * store ports when it passed them (PostgreSQL), else on SQLite over `deps.driver`.
 */
export async function appendAudit(
  deps: AuditDeps & { stores?: Pick<StorePorts, 'audit'> },
  input: AuditAppendInput,
): Promise<{ seq: number; hash: string }> {
  if (deps.stores) return deps.stores.audit.append(checkAuditEntry(input))
  return (await writeAudited(deps, input))!
}

import type { StorePorts } from '../store/ports/store-ports.js'
import { checkAuditEntry, type AuditAppendInput } from './audit-insert.js'

export type { AuditAppendInput } from './audit-insert.js'

/** What appending to the chain needs: the audit port (its adapter holds the chain key). */
export interface AuditDeps {
  stores: Pick<StorePorts, 'audit'>
}

/**
 * Appends one entry on its own, for actions with nothing else to write. A change that an entry
 * records goes to its port method with the entry instead (src/store/ports/audited-write.ts), so
 * both commit together.
 */
export async function appendAudit(
  deps: AuditDeps,
  input: AuditAppendInput,
): Promise<{ seq: number; hash: string }> {
  return deps.stores.audit.append(checkAuditEntry(input))
}

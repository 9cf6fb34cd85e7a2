import { deriveAuditChainKey } from '../../../src/audit/audit-chain-key.js'

/** Every backend links its audit chain with the same key, so links compare across backends. */
export const PORT_OPTIONS = { auditKey: deriveAuditChainKey(new Uint8Array(32).fill(7)) }

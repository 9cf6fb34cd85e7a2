import { canonicalJson } from './canonical-json.js'

/** prev_hash of a tenant's first entry. */
export const GENESIS_HASH = '0'.repeat(64)

/** The fields an entry's hash covers: everything in the row except the hash itself. */
export interface AuditHashInput {
  tenantId: string
  seq: number
  at: number
  actor: string
  action: string
  target: string | null
  details: Record<string, unknown>
  prevHash: string
}

/**
 * SHA-256 hex over the canonical JSON of the entry. Because it covers `prevHash` (and `seq`),
 * changing, deleting or reordering any entry breaks every hash link after it.
 */
export async function auditEntryHash(input: AuditHashInput): Promise<string> {
  const text = canonicalJson({
    tenantId: input.tenantId,
    seq: input.seq,
    at: input.at,
    actor: input.actor,
    action: input.action,
    target: input.target,
    details: input.details,
    prevHash: input.prevHash,
  })
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  let hex = ''
  for (const byte of new Uint8Array(digest)) hex += byte.toString(16).padStart(2, '0')
  return hex
}

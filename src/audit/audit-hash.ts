import type { KeyedHash } from '../crypto/keyed-hash.js'
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

function canonicalEntry(input: AuditHashInput): string {
  return canonicalJson({
    tenantId: input.tenantId,
    seq: input.seq,
    at: input.at,
    actor: input.actor,
    action: input.action,
    target: input.target,
    details: input.details,
    prevHash: input.prevHash,
  })
}

/**
 * Legacy (unkeyed) link: SHA-256 hex over the canonical JSON of the entry. Kept to verify
 * entries written before the chain was keyed; anyone can recompute it, so it proves order,
 * not authenticity.
 */
export async function auditEntryHash(input: AuditHashInput): Promise<string> {
  const digest = await crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(canonicalEntry(input)),
  )
  let hex = ''
  for (const byte of new Uint8Array(digest)) hex += byte.toString(16).padStart(2, '0')
  return hex
}

/**
 * Keyed link: HMAC-SHA-256 hex over the same canonical JSON under the audit chain key. Because
 * it covers `prevHash` (and `seq`), changing, deleting or reordering any entry breaks every
 * link after it, and only the secret's holder can forge new ones.
 */
export function auditEntryMac(key: KeyedHash, input: AuditHashInput): string {
  return key.hexSync(canonicalEntry(input))
}

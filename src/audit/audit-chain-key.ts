import { createKeyedHash, type KeyedHash } from '../crypto/keyed-hash.js'

/** Purpose label: part of the stored chain's meaning, never rename it. */
export const AUDIT_CHAIN_PURPOSE = 'pwguard/audit-chain/v1'

/**
 * The key that links keyed audit entries: HMAC(PWGUARD_SECRET, purpose), so it never sits in
 * the database. Someone who can write the database but does not hold the secret can no longer
 * edit an entry and recompute the links after it.
 */
export function deriveAuditChainKey(secret: Uint8Array): KeyedHash {
  return createKeyedHash(secret, AUDIT_CHAIN_PURPOSE)
}

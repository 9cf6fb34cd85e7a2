import { createKeyedHash } from '../crypto/keyed-hash.js'
import { EMAIL_INDEX_PURPOSE, EMAIL_INDEX_V2_PURPOSE } from '../crypto/secret-keys.js'

/**
 * Canonical form of an e-mail for matching: NFKC, trimmed, lower-cased. Provider-specific
 * rules (Gmail dots, plus-tags) are not applied: they would merge distinct real mailboxes.
 */
export function normalizeEmail(email: string): string {
  return email.normalize('NFKC').trim().toLowerCase()
}

/** Marks a v2 (tenant-bound) index; v1 rows hold bare hex. Lets an operator count v1 rows. */
export const EMAIL_INDEX_V2_PREFIX = 'v2:'

/**
 * The blind index stored instead of an address. v2 is HMAC(key, tenant id + address): the same
 * person at two sites gets unrelated values, so a stolen database cannot link them across
 * tenants. v1 (HMAC of the address alone) was the same in every tenant; rows written before v2
 * keep it, because addresses are not stored and cannot be re-indexed in bulk. Lookups try both
 * (`candidates`); every write stores v2, and a login by e-mail re-indexes its v1 row.
 */
export interface EmailIndexer {
  current(tenantId: string, email: string): string
  /** The current index first, then the v1 one older rows may still hold. */
  candidates(tenantId: string, email: string): [current: string, legacy: string]
}

export function createEmailIndexer(secret: Uint8Array): EmailIndexer {
  const v1 = createKeyedHash(secret, EMAIL_INDEX_PURPOSE)
  const v2 = createKeyedHash(secret, EMAIL_INDEX_V2_PURPOSE)
  // Length-prefixed, so no (tenant, address) pair can be spelled as another.
  const current = (tenantId: string, email: string) =>
    `${EMAIL_INDEX_V2_PREFIX}${v2.hexSync(`${tenantId.length}:${tenantId}:${normalizeEmail(email)}`)}`
  return {
    current,
    candidates: (tenantId, email) => [current(tenantId, email), v1.hexSync(normalizeEmail(email))],
  }
}

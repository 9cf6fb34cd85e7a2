import type { KeyedHash } from '../crypto/keyed-hash.js'

/**
 * Canonical form of an e-mail for matching: NFKC, trimmed, lower-cased. Provider-specific
 * rules (Gmail dots, plus-tags) are not applied: they would merge distinct real mailboxes.
 */
export function normalizeEmail(email: string): string {
  return email.normalize('NFKC').trim().toLowerCase()
}

/** The blind index stored instead of the address: HMAC of the normalised address. */
export async function emailIndex(keyedHash: KeyedHash, email: string): Promise<string> {
  return keyedHash.hex(normalizeEmail(email))
}

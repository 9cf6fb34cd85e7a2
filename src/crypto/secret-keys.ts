import { createKeyedHash, type KeyedHash } from './keyed-hash.js'

/** The keyed hashes derived from PWGUARD_SECRET, one per purpose. */
export interface SecretKeys {
  emailIndex: KeyedHash
  resetToken: KeyedHash
  importFingerprint: KeyedHash
}

/** Purpose labels are part of the stored data's meaning: renaming one orphans stored values. */
export const EMAIL_INDEX_PURPOSE = 'pwguard/email-index/v1'
/** v2 binds the tenant into the index (see src/accounts/email-index.ts). */
export const EMAIL_INDEX_V2_PURPOSE = 'pwguard/email-index/v2'
export const EXPOSURE_RECORD_PURPOSE = 'pwguard/exposure-record/v1'
export const IMPORT_FINGERPRINT_PURPOSE = 'pwguard/import-fingerprint/v1'

/** Shorter secrets are refused: 256 bits is what the HMAC-SHA256 keys are meant to carry. */
export const MIN_SECRET_BYTES = 32

export function deriveSecretKeys(secret: Uint8Array): SecretKeys {
  // Entries check this with a clear message first; reaching here short is a wiring bug.
  if (secret.byteLength < MIN_SECRET_BYTES)
    throw new Error(
      `the secret has ${secret.byteLength} bytes; at least ${MIN_SECRET_BYTES} needed`,
    )
  return {
    emailIndex: createKeyedHash(secret, EMAIL_INDEX_PURPOSE),
    resetToken: createKeyedHash(secret, 'pwguard/reset-token/v1'),
    importFingerprint: createKeyedHash(secret, IMPORT_FINGERPRINT_PURPOSE),
  }
}

import { createKeyedHash, type KeyedHash } from './keyed-hash.js'

/** The keyed hashes derived from PWGUARD_SECRET, one per purpose. */
export interface SecretKeys {
  emailIndex: KeyedHash
  resetToken: KeyedHash
  importFingerprint: KeyedHash
}

/** Purpose labels are part of the stored data's meaning: renaming one orphans stored values. */
export const EMAIL_INDEX_PURPOSE = 'pwguard/email-index/v1'
export const EXPOSURE_RECORD_PURPOSE = 'pwguard/exposure-record/v1'
export const IMPORT_FINGERPRINT_PURPOSE = 'pwguard/import-fingerprint/v1'

export function deriveSecretKeys(secret: Uint8Array): SecretKeys {
  return {
    emailIndex: createKeyedHash(secret, EMAIL_INDEX_PURPOSE),
    resetToken: createKeyedHash(secret, 'pwguard/reset-token/v1'),
    importFingerprint: createKeyedHash(secret, IMPORT_FINGERPRINT_PURPOSE),
  }
}

import { createHmac } from 'node:crypto'

/**
 * The same HMAC-SHA256 construction as `createKeyedHash` (a per-purpose key derived as
 * HMAC(secret, purpose)), computed synchronously with node:crypto. Bulk ingest hashes every
 * record twice; awaiting Web Crypto per record would cap it far below 20 k records/s.
 */
export function createSyncKeyedHash(
  secret: Uint8Array,
  purpose: string,
): (message: string) => string {
  const key = createHmac('sha256', secret).update(purpose).digest()
  return (message) => createHmac('sha256', key).update(message, 'utf8').digest('hex')
}

/** Purpose labels shared with `deriveSecretKeys`: renaming one orphans the stored values. */
export const EMAIL_INDEX_PURPOSE = 'pwguard/email-index/v1'
export const EXPOSURE_RECORD_PURPOSE = 'pwguard/exposure-record/v1'

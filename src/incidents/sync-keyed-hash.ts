import { Buffer } from 'node:buffer'
import { createHash, createHmac, type Hash } from 'node:crypto'

const BLOCK_BYTES = 64

/**
 * The same HMAC-SHA256 construction as `createKeyedHash` (a per-purpose key derived as
 * HMAC(secret, purpose)), computed synchronously with node:crypto. Bulk ingest hashes every
 * record twice; awaiting Web Crypto per record would cap it far below 20 k records/s. The inner
 * and outer pad blocks are absorbed once and copied per message (RFC 2104 with a saved state),
 * half the cost of a fresh `createHmac` each time.
 */
export function createSyncKeyedHash(
  secret: Uint8Array,
  purpose: string,
): (message: string) => string {
  const key = createHmac('sha256', secret).update(purpose).digest()
  const padded = (fill: number) => {
    const block = Buffer.alloc(BLOCK_BYTES, fill)
    for (let i = 0; i < key.length; i++) block[i] = (key[i] as number) ^ fill
    return createHash('sha256').update(block)
  }
  const inner: Hash = padded(0x36)
  const outer: Hash = padded(0x5c)
  return (message) => {
    const innerDigest = inner.copy().update(message, 'utf8').digest()
    return outer.copy().update(innerDigest).digest('hex')
  }
}

/** Purpose labels shared with `deriveSecretKeys`: renaming one orphans the stored values. */
export const EMAIL_INDEX_PURPOSE = 'pwguard/email-index/v1'
export const EXPOSURE_RECORD_PURPOSE = 'pwguard/exposure-record/v1'

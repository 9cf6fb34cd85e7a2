import { Buffer } from 'node:buffer'
import { createHash, createHmac, type Hash } from 'node:crypto'

/**
 * HMAC-SHA256 under the service secret, hex-encoded. Used for the e-mail blind index, reset
 * tokens, import fingerprints and exposure-record keys: values that must be matchable but not
 * readable or brute-forceable from a stolen database alone.
 */
export interface KeyedHash {
  hex(message: string): Promise<string>
  /** The same value, synchronously: bulk paths (import, ingest) hash every record. */
  hexSync(message: string): string
}

const BLOCK_BYTES = 64

/**
 * node:crypto (also on Workers under nodejs_compat) rather than Web Crypto: synchronous and
 * several times cheaper per call. The key is derived per purpose as HMAC(secret, purpose), and
 * the inner and outer pad blocks are absorbed once and copied per message (RFC 2104 with a
 * saved state), half the cost of a fresh `createHmac` each time.
 */
export function createKeyedHash(secret: Uint8Array, purpose: string): KeyedHash {
  // Domain separation: the same secret yields unrelated keys per purpose.
  const key = createHmac('sha256', secret).update(purpose).digest()
  const padded = (fill: number): Hash => {
    const block = Buffer.alloc(BLOCK_BYTES, fill)
    for (let i = 0; i < key.length; i++) block[i] = (key[i] as number) ^ fill
    return createHash('sha256').update(block)
  }
  const inner = padded(0x36)
  const outer = padded(0x5c)
  const hexSync = (message: string) =>
    outer.copy().update(inner.copy().update(message, 'utf8').digest()).digest('hex')
  return { hexSync, hex: async (message) => hexSync(message) }
}

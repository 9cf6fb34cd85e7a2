import { createHmac } from 'node:crypto'

/**
 * HMAC-SHA256 under the service secret, hex-encoded. Used for the e-mail blind index, reset
 * tokens and import fingerprints: values that must be matchable but not readable or
 * brute-forceable from a stolen database alone.
 */
export interface KeyedHash {
  hex(message: string): Promise<string>
}

/**
 * node:crypto's HMAC (also on Workers under nodejs_compat) rather than Web Crypto: it is
 * synchronous and ~6× cheaper per call, which decides bulk import and ingest throughput.
 */
export function createKeyedHash(secret: Uint8Array, purpose: string): KeyedHash {
  // Domain separation: the same secret yields unrelated keys per purpose.
  const key = createHmac('sha256', secret).update(purpose).digest()
  return {
    hex: async (message) => createHmac('sha256', key).update(message, 'utf8').digest('hex'),
  }
}

import { Buffer } from 'node:buffer'
import * as nodeCrypto from 'node:crypto'

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
const DIGEST_BYTES = 32
/** Messages up to this many UTF-16 units fit the reused buffer (3 UTF-8 bytes per unit at most). */
const SCRATCH_UNITS = 1024

/**
 * node:crypto (also on Workers under nodejs_compat) rather than Web Crypto: synchronous and
 * several times cheaper per call. The key is derived per purpose as HMAC(secret, purpose).
 * Where node:crypto has the one-shot `hash` (Node ≥ 20.12), HMAC is spelt out as RFC 2104's two
 * hashes over reused pad buffers: no Hash/Hmac object per message, which made bulk ingest pay
 * more for object set-up and garbage collection than for SHA-256 itself.
 */
export function createKeyedHash(secret: Uint8Array, purpose: string): KeyedHash {
  // Domain separation: the same secret yields unrelated keys per purpose.
  const key = nodeCrypto.createHmac('sha256', secret).update(purpose).digest()
  const hexSync =
    typeof nodeCrypto.hash === 'function'
      ? padHmac(key, nodeCrypto.hash)
      : (message: string) => nodeCrypto.createHmac('sha256', key).update(message).digest('hex')
  return { hexSync, hex: async (message) => hexSync(message) }
}

type OneShotHash = typeof nodeCrypto.hash

/** HMAC(key, m) = H((key ⊕ opad) ‖ H((key ⊕ ipad) ‖ m)), the pads written once per key. */
function padHmac(key: Uint8Array, hash: OneShotHash): (message: string) => string {
  // RFC 2104 hashes a key longer than the block first; ours is always a 32-byte digest.
  if (key.length > BLOCK_BYTES) throw new RangeError('HMAC key longer than the hash block')
  const inner = Buffer.alloc(BLOCK_BYTES + 3 * SCRATCH_UNITS, 0x36)
  const outer = Buffer.alloc(BLOCK_BYTES + DIGEST_BYTES, 0x5c)
  for (let i = 0; i < key.length; i++) {
    inner[i] = (key[i] as number) ^ 0x36
    outer[i] = (key[i] as number) ^ 0x5c
  }
  const ipad = inner.subarray(0, BLOCK_BYTES)
  return (message) => {
    // Synchronous, so no other call can overwrite the buffers between write and hash.
    const data =
      message.length <= SCRATCH_UNITS
        ? inner.subarray(0, BLOCK_BYTES + inner.write(message, BLOCK_BYTES, 'utf8'))
        : Buffer.concat([ipad, Buffer.from(message, 'utf8')])
    // The inner digest as a binary string (one char per byte): no Buffer per call for the GC.
    outer.write(hash('sha256', data, 'binary'), BLOCK_BYTES, 'latin1')
    return hash('sha256', outer, 'hex')
  }
}

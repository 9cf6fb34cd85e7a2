import type { Random } from '../ports/random.js'
import type { HashMode } from './range-reader.js'

type AesKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>

const LABEL = new TextEncoder().encode('pwguard range padding v1')

/**
 * Padding bytes that are the same for one (corpus version, mode, prefix) on every instance and
 * every restart, so a padded range has one strong ETag and a CDN can keep it. They come from an
 * AES-CTR keystream under a key derived from the deployment secret, with the nonce naming the
 * corpus, mode and prefix: without the secret the rows are indistinguishable from real SHA-1 or
 * NTLM suffixes, and the k-anonymity of padding (uniform row counts) is kept.
 */
export function createPaddingStream(secret: Uint8Array) {
  // Derived at once, so the first padded answer does not wait for it (a failure is retried).
  let key: Promise<AesKey> | undefined = deriveKey(secret)
  key.catch(() => (key = undefined))
  const aesKey = () => (key ??= deriveKey(secret))
  /** A `Random` that replays `bytes` bytes of the keystream for this range, then throws. */
  return async (corpusId: string, mode: HashMode, prefix: string, bytes: number) => {
    const counter = new Uint8Array(16)
    const view = new DataView(counter.buffer)
    view.setUint32(0, fnv1a(corpusId))
    view.setUint32(4, (mode === 'ntlm' ? 1 << 24 : 0) | Number.parseInt(prefix, 16))
    const algorithm = { name: 'AES-CTR', counter, length: 64 }
    const stream = new Uint8Array(
      await crypto.subtle.encrypt(algorithm, await aesKey(), new Uint8Array(bytes)),
    )
    let offset = 0
    const random: Random = {
      bytes(length) {
        // Collisions with real suffixes are ~2^-100: the caller over-asks, so this never runs dry.
        if (offset + length > stream.length) throw new Error('padding keystream exhausted')
        offset += length
        return stream.slice(offset - length, offset)
      },
    }
    return random
  }
}

async function deriveKey(secret: Uint8Array): Promise<AesKey> {
  const hmac = await crypto.subtle.importKey(
    'raw',
    secret as Uint8Array<ArrayBuffer>,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  // A key of its own: the padding stream never reuses the blind-index or reset-token key.
  const raw = new Uint8Array(await crypto.subtle.sign('HMAC', hmac, LABEL)).slice(0, 16)
  return crypto.subtle.importKey('raw', raw, { name: 'AES-CTR' }, false, ['encrypt'])
}

/** 32-bit FNV-1a: tells corpus versions apart in the nonce (a repeat only repeats padding). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

import { toBase64Url, type Random } from '../ports/random.js'

/** Purpose label: part of the stored data's meaning, never rename it. */
const SEAL_PURPOSE = 'pwguard/webhook-secret-seal/v1'
const FORMAT = 'v1'

/**
 * Seals webhook signing secrets at rest. They must be recoverable (we sign with them), so they
 * are encrypted, not hashed: AES-256-GCM under a key derived from PWGUARD_SECRET, a random
 * 12-byte IV per seal, and the tenant id as associated data so a sealed value copied to
 * another tenant's row does not open.
 */
export interface SecretSealer {
  seal(tenantId: string, plaintext: string): Promise<string>
  /** Null when the value was not sealed by this key for this tenant (tampered or re-keyed). */
  open(tenantId: string, sealed: string): Promise<string | null>
}

export function createSecretSealer(secret: Uint8Array, random: Random): SecretSealer {
  const key = deriveSealKey(secret)
  const encoder = new TextEncoder()
  return {
    async seal(tenantId, plaintext) {
      const iv = random.bytes(12)
      const cipher = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: encoder.encode(tenantId) },
        await key,
        encoder.encode(plaintext),
      )
      return `${FORMAT}.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(cipher))}`
    },
    async open(tenantId, sealed) {
      const [format, ivText, cipherText, extra] = sealed.split('.')
      if (format !== FORMAT || !ivText || !cipherText || extra !== undefined) return null
      try {
        const plain = await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: fromBase64Url(ivText), additionalData: encoder.encode(tenantId) },
          await key,
          fromBase64Url(cipherText),
        )
        return new TextDecoder().decode(plain)
      } catch {
        // GCM authentication failed: the value was altered or sealed under another key.
        return null
      }
    },
  }
}

/** HMAC-SHA256(secret, purpose) as the AES key: domain-separated from the other derived keys. */
async function deriveSealKey(secret: Uint8Array) {
  const master = await crypto.subtle.importKey(
    'raw',
    secret,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  const raw = await crypto.subtle.sign('HMAC', master, new TextEncoder().encode(SEAL_PURPOSE))
  return crypto.subtle.importKey('raw', raw, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt'])
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'))
  const out = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i)
  return out
}

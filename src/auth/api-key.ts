import type { Random } from '../ports/random.js'
import { toBase64Url } from '../ports/random.js'

/**
 * API keys look like `pwg_<id>_<secret>`: the id is public (shown in lists and logs), the
 * secret is 256 random bits. Only SHA-256 of the whole key is stored; a fast hash is right
 * here because the key, unlike a password, cannot be guessed.
 */
export const API_KEY_PREFIX = 'pwg_'

export interface NewApiKey {
  id: string
  key: string
}

export function generateApiKey(random: Random): NewApiKey {
  const id = toBase64Url(random.bytes(9)).replaceAll('_', 'x').replaceAll('-', 'y')
  return { id, key: `${API_KEY_PREFIX}${id}_${toBase64Url(random.bytes(32))}` }
}

export async function hashApiKey(key: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key))
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('')
}

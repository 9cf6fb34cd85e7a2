/**
 * HMAC-SHA256 under the service secret, hex-encoded. Used for the e-mail blind index, reset
 * tokens and import fingerprints: values that must be matchable but not readable or
 * brute-forceable from a stolen database alone.
 */
export interface KeyedHash {
  hex(message: string): Promise<string>
}

export function createKeyedHash(secret: Uint8Array, purpose: string): KeyedHash {
  // Domain separation: the same secret yields unrelated keys per purpose.
  const key = crypto.subtle
    .importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
    .then(async (master) => {
      const derived = await crypto.subtle.sign('HMAC', master, new TextEncoder().encode(purpose))
      return crypto.subtle.importKey('raw', derived, { name: 'HMAC', hash: 'SHA-256' }, false, [
        'sign',
      ])
    })
  return {
    async hex(message) {
      const mac = await crypto.subtle.sign('HMAC', await key, new TextEncoder().encode(message))
      let out = ''
      for (const byte of new Uint8Array(mac)) out += byte.toString(16).padStart(2, '0')
      return out
    },
  }
}

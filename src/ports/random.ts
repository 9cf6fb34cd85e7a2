/** Cryptographic randomness. Web Crypto exists on Node 20 and Workers alike. */
export interface Random {
  bytes(length: number): Uint8Array
}

export const webCryptoRandom: Random = {
  bytes(length) {
    const out = new Uint8Array(length)
    // getRandomValues is limited to 65,536 bytes per call.
    for (let offset = 0; offset < length; offset += 65_536) {
      crypto.getRandomValues(out.subarray(offset, Math.min(length, offset + 65_536)))
    }
    return out
  },
}

/** URL-safe base64 without padding, for tokens and ids. */
export function toBase64Url(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')
}

export function randomToken(random: Random, bytes = 32): string {
  return toBase64Url(random.bytes(bytes))
}

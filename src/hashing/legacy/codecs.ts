import { Buffer } from 'node:buffer'

/** The crypt(3) alphabet shared by DES/md5/sha-crypt and phpass ("hash64"). */
export const CRYPT64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

const STD_B64 = /^[A-Za-z0-9+/]*={0,2}$/
const AB64 = /^[A-Za-z0-9./]*$/

/** The password exactly as given, as UTF-8 bytes (lone surrogates become U+FFFD). */
export function utf8(text: string): Uint8Array {
  return Buffer.from(text, 'utf8')
}

/**
 * Standard base64, padded or not. Returns null (never throws) on a foreign character or an
 * impossible length, so hostile strings end as `malformed_hash`.
 */
export function decodeBase64(text: string): Uint8Array | null {
  if (!STD_B64.test(text)) return null
  const body = text.replace(/=+$/, '')
  if (body.length % 4 === 1) return null
  if (text.length !== body.length && text.length % 4 !== 0) return null
  return new Uint8Array(Buffer.from(body, 'base64'))
}

/** passlib's "adapted base64": `./` instead of `+/`, no padding. */
export function decodeAb64(text: string): Uint8Array | null {
  if (!AB64.test(text)) return null
  return decodeBase64(text.replaceAll('.', '+'))
}

/** Standard base64 without padding. */
export function encodeBase64(bytes: Uint8Array, pad = false): string {
  const text = Buffer.from(bytes).toString('base64')
  return pad ? text : text.replace(/=+$/, '')
}

/** passlib's adapted base64 (`./`, unpadded). */
export function encodeAb64(bytes: Uint8Array): string {
  return encodeBase64(bytes).replaceAll('+', '.')
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex')
}

/** Lowercase/uppercase hex of an exact byte length, else null. */
export function decodeHex(text: string, bytes?: number): Uint8Array | null {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(text)) return null
  if (bytes !== undefined && text.length !== bytes * 2) return null
  return new Uint8Array(Buffer.from(text, 'hex'))
}

/** Encodes bytes taken as little-endian 24-bit groups, 6 bits per char, LSB first (hash64). */
export function encodeHash64(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const left = bytes.length - i
    const value = (bytes[i] ?? 0) | ((bytes[i + 1] ?? 0) << 8) | ((bytes[i + 2] ?? 0) << 16)
    const chars = left >= 3 ? 4 : left + 1
    for (let c = 0; c < chars; c++) out += CRYPT64[(value >>> (6 * c)) & 0x3f]
  }
  return out
}

/** Encodes a 24-bit value as `count` crypt64 chars, LSB first (the crypt `b64_from_24bit`). */
export function encodeCrypt24(value: number, count: number): string {
  let out = ''
  for (let c = 0; c < count; c++) out += CRYPT64[(value >>> (6 * c)) & 0x3f]
  return out
}

/** Concatenates byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts))
}

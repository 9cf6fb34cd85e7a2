import { describe, expect, it } from 'vitest'
import { desEncrypt } from '../../src/hashing/legacy/des-crypt-encoding.js'

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'))

describe('pure-TypeScript DES (behind DES and BSDi crypt)', () => {
  it.each([
    // The worked example of J. Orlin Grabbe's "The DES Algorithm Illustrated".
    ['133457799bbcdff1', '0123456789abcdef', '85e813540f0ab405'],
    // NBS/NIST validation vectors (SP 500-20 variable-plaintext and key tests).
    ['0101010101010101', '8000000000000000', '95f8a5e5dd31d900'],
    ['8001010101010101', '0000000000000000', '95a8d72813daa94d'],
  ])('key %s encrypts %s to %s', (key, plain, cipher) => {
    expect(Buffer.from(desEncrypt(hex(key), hex(plain))).toString('hex')).toBe(cipher)
  })
})

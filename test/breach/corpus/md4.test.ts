import { describe, expect, it } from 'vitest'
import { md4, ntlmDigest } from '../../../src/breach/corpus/md4.js'

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')

describe('md4', () => {
  // RFC 1320 appendix A.5 test suite.
  it.each([
    ['', '31d6cfe0d16ae931b73c59d7e0c089c0'],
    ['a', 'bde52cb31de33e46245e05fbdbd6fb24'],
    ['abc', 'a448017aaf21d8525fc10ae87aa6729d'],
    ['message digest', 'd9130a8164549fe818874806e1c7014b'],
    ['abcdefghijklmnopqrstuvwxyz', 'd79e1c308aa5bbcdeea8ed63df412da9'],
    [
      'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
      '043f8582f241db351ce627e153e7f0e4',
    ],
    ['1234567890'.repeat(8), 'e33b4ddc9c38f2199c3e7b164fcc0536'],
  ])('matches RFC 1320 for %j', (input, expected) => {
    expect(hex(md4(new TextEncoder().encode(input)))).toBe(expected)
  })

  // Generated with `printf 'a%.0s' $(seq 1 N) | openssl dgst -md4 -provider legacy`.
  it.each([
    [55, 'c889c81dd86c4d2e025778944ea02881'],
    [56, 'd5f9a9e9257077a5f08b0b92f348b0ad'],
    [63, '7ea3da77432d44c323671097d1348fc8'],
    [64, '52f5076fabd22680234a3fa9f9dc5732'],
    [65, '330e377bf231f3cacfecc2c182fe7e5b'],
  ])('matches OpenSSL at the padding boundary of %i bytes', (length, expected) => {
    expect(hex(md4(new Uint8Array(length).fill(0x61)))).toBe(expected)
  })
})

describe('ntlmDigest', () => {
  it('is MD4 over UTF-16LE, matching Windows NTLM hashes', () => {
    expect(hex(ntlmDigest('password')).toUpperCase()).toBe('8846F7EAEE8FB117AD06BDD830B7586C')
    expect(hex(ntlmDigest(''))).toBe('31d6cfe0d16ae931b73c59d7e0c089c0')
  })
})

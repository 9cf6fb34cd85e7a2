import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  digestCanonicals,
  storedHashIsDigest,
  type LeakedDigest,
} from '../../src/incidents/leaked-digest-match.js'

const digest = (algorithm: 'sha1' | 'md5', text: string): LeakedDigest => ({
  algorithm,
  hex: createHash(algorithm).update(text).digest('hex'),
})
const ntlm: LeakedDigest = { algorithm: 'ntlm', hex: '8846f7eaee8fb117ad06bdd830b7586c' }

describe('storedHashIsDigest', () => {
  it('finds every canonical form of every algorithm (the length pre-check skips none)', () => {
    const digests = [digest('sha1', 'password'), digest('md5', 'password'), ntlm]
    for (const leaked of digests) {
      for (const form of digestCanonicals(leaked)) {
        expect(storedHashIsDigest(form, digests)).toBe(true)
        expect(storedHashIsDigest(form, [digest('sha1', 'other'), digest('md5', 'other')])).toBe(
          false,
        )
      }
    }
  })

  it('never takes a bcrypt or argon2 hash for a digest', () => {
    const digests = [digest('sha1', 'password'), digest('md5', 'password'), ntlm]
    const bcrypt = '$2b$10$abcdefghijklmnopqrstuu5Fe0C9ZqkW3pI3Q0qkJ0qkJ0qkJ0qkK'
    const argon2 = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaGhhc2g'
    expect(storedHashIsDigest(bcrypt, digests)).toBe(false)
    expect(storedHashIsDigest(argon2, digests)).toBe(false)
  })
})

import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createKeyedHash } from '../../src/crypto/keyed-hash.js'
import { EMAIL_INDEX_PURPOSE, deriveSecretKeys } from '../../src/crypto/secret-keys.js'

const secret = new TextEncoder().encode('a-secret-of-at-least-32-bytes-long!!')

describe('createKeyedHash', () => {
  it('is RFC 2104 HMAC-SHA256 under HMAC(secret, purpose), sync and async alike', async () => {
    const derived = createHmac('sha256', secret).update('purpose').digest()
    const keyed = createKeyedHash(secret, 'purpose')
    // Long then short: the reused pad buffer must not leak one message's tail into the next.
    const messages = ['message', '', 'ünïcødé@example.be', 'x'.repeat(500), '€'.repeat(1024)]
    // Lone surrogates encode as U+FFFD (3 bytes each): 1,024 of them exactly fill the buffer.
    const edges = ['x'.repeat(1025), '😀'.repeat(700), '\ud800'.repeat(1024), 'short']
    for (const message of [...messages, ...edges]) {
      const expected = createHmac('sha256', derived).update(message, 'utf8').digest('hex')
      expect(keyed.hexSync(message)).toBe(expected)
      expect(await keyed.hex(message)).toBe(expected)
    }
  })

  it('separates purposes: the e-mail index key is not the reset-token key', async () => {
    const keys = deriveSecretKeys(secret)
    const direct = createKeyedHash(secret, EMAIL_INDEX_PURPOSE)
    expect(await keys.emailIndex.hex('an@example.be')).toBe(direct.hexSync('an@example.be'))
    expect(await keys.resetToken.hex('an@example.be')).not.toBe(direct.hexSync('an@example.be'))
  })
})

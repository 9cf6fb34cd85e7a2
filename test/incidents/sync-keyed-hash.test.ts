import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createKeyedHash } from '../../src/crypto/keyed-hash.js'
import { deriveSecretKeys } from '../../src/crypto/secret-keys.js'
import { EMAIL_INDEX_PURPOSE, createSyncKeyedHash } from '../../src/incidents/sync-keyed-hash.js'

const secret = new TextEncoder().encode('a-secret-of-at-least-32-bytes-long!!')

describe('createSyncKeyedHash', () => {
  it('equals the Web Crypto keyed hash, so ingest matches the stored e-mail blind index', async () => {
    const sync = createSyncKeyedHash(secret, EMAIL_INDEX_PURPOSE)
    for (const message of ['an@example.be', '', 'ünïcødé@example.be', 'x'.repeat(500)]) {
      expect(sync(message)).toBe(await deriveSecretKeys(secret).emailIndex.hex(message))
      expect(sync(message)).toBe(await createKeyedHash(secret, EMAIL_INDEX_PURPOSE).hex(message))
    }
  })

  it('is RFC 2104 HMAC-SHA256 under the derived key', () => {
    const derived = createHmac('sha256', secret).update('purpose').digest()
    const expected = createHmac('sha256', derived).update('message').digest('hex')
    expect(createSyncKeyedHash(secret, 'purpose')('message')).toBe(expected)
  })
})

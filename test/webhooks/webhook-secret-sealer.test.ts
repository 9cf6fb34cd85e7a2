import { describe, expect, it } from 'vitest'
import { webCryptoRandom } from '../../src/ports/random.js'
import { createSecretSealer } from '../../src/webhooks/webhook-secret-sealer.js'
import { TEST_SECRET } from '../support/test-app.js'

describe('webhook secret sealing (AES-256-GCM under PWGUARD_SECRET)', () => {
  const sealer = createSecretSealer(TEST_SECRET, webCryptoRandom)
  const plain = 'whsec-0123456789abcdef'

  it('round-trips, with a fresh IV each time and no plaintext in the sealed text', async () => {
    const a = await sealer.seal('clinic', plain)
    const b = await sealer.seal('clinic', plain)
    expect(a).not.toBe(b)
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/)
    expect(a).not.toContain(plain)
    expect(await sealer.open('clinic', a)).toBe(plain)
  })

  it('does not open for another tenant, another service secret, or an altered value', async () => {
    const sealed = await sealer.seal('clinic', plain)
    expect(await sealer.open('other', sealed)).toBeNull()
    const otherKey = createSecretSealer(new TextEncoder().encode('x'.repeat(40)), webCryptoRandom)
    expect(await otherKey.open('clinic', sealed)).toBeNull()
    // A character in the middle carries six whole bits (the last may carry padding), and the
    // replacement is chosen against that very character, so the text always changes.
    const at = Math.floor(sealed.length / 2)
    const flipped = sealed.slice(0, at) + (sealed[at] === 'A' ? 'B' : 'A') + sealed.slice(at + 1)
    expect(flipped).not.toBe(sealed)
    expect(await sealer.open('clinic', flipped)).toBeNull()
    expect(await sealer.open('clinic', 'garbage')).toBeNull()
  })
})

import { describe, expect, it } from 'vitest'
import { signWebhook, verifyWebhookSignature } from '../../src/webhooks/webhook-signature.js'

const secret = 'whsec_test_secret_0123'
const body = '{"id":"evt_1","type":"incident.created"}'
const t = 1_767_225_600 // 2026-01-01T00:00:00Z
// Known answer from Python: hmac.new(secret, f"{t}.{body}".encode(), hashlib.sha256).hexdigest()
const PYTHON_V1 = '245a99bfea19176ae1b0aa42ba9098645f559088f4c2b400e5fa33f725638194'

describe('Stripe-style webhook signatures', () => {
  it('signs as t=<unix>,v1=<hex HMAC-SHA256(secret, "t.body")>', async () => {
    expect(await signWebhook(secret, t, body)).toBe(`t=${t},v1=${PYTHON_V1}`)
  })

  it('verifies a good signature within the tolerance, either side of the clock', async () => {
    const header = await signWebhook(secret, t, body)
    for (const skew of [0, 299_000, -299_000]) {
      expect(await verifyWebhookSignature({ secret, header, body, now: t * 1000 + skew })).toEqual({
        valid: true,
        timestamp: t,
      })
    }
  })

  it('refuses a changed body, another secret, an old timestamp and junk headers', async () => {
    const header = await signWebhook(secret, t, body)
    const now = t * 1000
    const verdict = (input: Partial<Parameters<typeof verifyWebhookSignature>[0]>) =>
      verifyWebhookSignature({ secret, header, body, now, ...input }).then(
        (v) => v.valid || v.reason,
      )
    expect(await verdict({ body: body.replace('incident', 'account') })).toBe('no_match')
    expect(await verdict({ secret: `${secret}x` })).toBe('no_match')
    expect(await verdict({ now: now + 301_000 })).toBe('timestamp_out_of_tolerance')
    expect(await verdict({ now: now + 3_600_000, toleranceSeconds: 7_200 })).toBe(true)
    expect(await verdict({ header: header.replace(`t=${t}`, `t=${t + 1}`) })).toBe('no_match')
    expect(await verdict({ header: `t=${t}` })).toBe('malformed_header')
    expect(await verdict({ header: null })).toBe('malformed_header')
    expect(await verdict({ header: `t=${t},v1=${'0'.repeat(63)}` })).toBe('malformed_header')
  })

  it('accepts any matching v1 among several (secret rotation)', async () => {
    const good = await signWebhook(secret, t, body)
    const header = `t=${t},v1=${'a'.repeat(64)},${good.split(',')[1]}`
    expect((await verifyWebhookSignature({ secret, header, body, now: t * 1000 })).valid).toBe(true)
  })
})

import { Buffer } from 'node:buffer'
import { timingSafeEqual } from 'node:crypto'

/** The signature header, Stripe style: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const SIGNATURE_HEADER = 'Pwguard-Signature'

/** Default tolerance for the signed timestamp, as Stripe's libraries use: 5 minutes. */
export const DEFAULT_TOLERANCE_SECONDS = 300

/** HMAC-SHA256(secret, "<t>.<body>") in hex: the `v1` value. */
export async function computeWebhookSignature(
  secret: string,
  timestamp: number,
  body: string,
): Promise<string> {
  const encoder = new TextEncoder()
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(`${timestamp}.${body}`))
  return Buffer.from(mac).toString('hex')
}

/** The `Pwguard-Signature` header value for one delivery. */
export async function signWebhook(secret: string, timestamp: number, body: string) {
  return `t=${timestamp},v1=${await computeWebhookSignature(secret, timestamp, body)}`
}

export type SignatureVerdict =
  | { valid: true; timestamp: number }
  | { valid: false; reason: 'malformed_header' | 'timestamp_out_of_tolerance' | 'no_match' }

/**
 * What a receiver does with a delivery: parse `t` and every `v1` (several are allowed while a
 * secret rotates), refuse a timestamp further than `toleranceSeconds` from `now` either way
 * (replay window and clock skew), and compare HMACs in constant time. `body` must be the raw
 * request body, byte for byte, not re-serialised JSON.
 */
export async function verifyWebhookSignature(input: {
  secret: string
  header: string | null | undefined
  body: string
  /** Receiver's clock, ms since the epoch. */
  now: number
  toleranceSeconds?: number
}): Promise<SignatureVerdict> {
  const parsed = parseSignatureHeader(input.header ?? '')
  if (!parsed) return { valid: false, reason: 'malformed_header' }
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS
  if (Math.abs(Math.floor(input.now / 1000) - parsed.timestamp) > tolerance) {
    return { valid: false, reason: 'timestamp_out_of_tolerance' }
  }
  const expected = Buffer.from(
    await computeWebhookSignature(input.secret, parsed.timestamp, input.body),
    'hex',
  )
  // Constant-time compare: a byte-by-byte early exit would leak the HMAC prefix.
  const match = parsed.signatures.some(
    (candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected),
  )
  return match ? { valid: true, timestamp: parsed.timestamp } : { valid: false, reason: 'no_match' }
}

function parseSignatureHeader(header: string): { timestamp: number; signatures: Buffer[] } | null {
  let timestamp: number | null = null
  const signatures: Buffer[] = []
  for (const part of header.split(',')) {
    const [name, value] = part.trim().split('=', 2)
    if (name === 't' && value && /^\d{1,12}$/.test(value)) timestamp = Number(value)
    if (name === 'v1' && value && /^[0-9a-f]{64}$/i.test(value)) {
      signatures.push(Buffer.from(value, 'hex'))
    }
  }
  return timestamp === null || signatures.length === 0 ? null : { timestamp, signatures }
}

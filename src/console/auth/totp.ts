import { Secret, TOTP } from 'otpauth'

/** RFC 6238 defaults every authenticator app understands: SHA-1, 6 digits, 30 s. */
const PERIOD_SECONDS = 30

/** A fresh 160-bit TOTP secret (RFC 4226 §4 recommends 160 bits), base32. */
export function newTotpSecret(random: { bytes(length: number): Uint8Array }): string {
  const bytes = random.bytes(20)
  return new Secret({ buffer: bytes.buffer.slice(0) as ArrayBuffer }).base32
}

/** The `otpauth://` URI an authenticator app scans; shown once, at user creation. */
export function totpProvisioningUri(secret: string, label: string): string {
  return new TOTP({ issuer: 'pwguard', label, secret: Secret.fromBase32(secret) }).toString()
}

/**
 * The time step of a valid code (±1 step for clock drift), or null. Steps at or before
 * `lastStep` are refused, so a code seen over someone's shoulder cannot be replayed.
 */
export function acceptTotp(input: {
  secret: string
  code: string
  now: number
  lastStep: number
}): number | null {
  if (!/^\d{6}$/.test(input.code)) return null
  const totp = new TOTP({ secret: Secret.fromBase32(input.secret), period: PERIOD_SECONDS })
  const delta = totp.validate({ token: input.code, timestamp: input.now, window: 1 })
  if (delta === null) return null
  const step = Math.floor(input.now / 1000 / PERIOD_SECONDS) + delta
  return step > input.lastStep ? step : null
}

/** The current code: the CLI's self-check and the tests use it. */
export function totpCode(secret: string, now: number): string {
  return new TOTP({ secret: Secret.fromBase32(secret), period: PERIOD_SECONDS }).generate({
    timestamp: now,
  })
}

import { z } from '@hono/zod-openapi'

/** NIST SP 800-63B-4 asks for at least 64 characters; 1024 UTF-8 bytes bounds hashing cost. */
export const MAX_PASSWORD_BYTES = 1024

const encoder = new TextEncoder()
/** With the `u` flag a valid surrogate pair is one code point, so only lone halves match. */
const LONE_SURROGATE = /\p{Cs}/u

/**
 * Whether a string is well-formed UTF-16 (`String.prototype.isWellFormed`, spelled so the
 * ES2023 lib types it). A lone surrogate becomes U+FFFD when encoded, so two different inputs
 * would hash, check and compare alike: such a password is refused, never repaired.
 */
export function isWellFormedText(value: string): boolean {
  return !LONE_SURROGATE.test(value)
}

/**
 * A password in a request body. The well-formedness and byte limit are checked during
 * validation, before any handler can hash it, so an attacker cannot make the server argon2 a
 * megabyte or two distinct inputs hash alike.
 */
export const passwordField = z
  .string()
  .min(1)
  .refine(isWellFormedText, {
    message: 'must be well-formed Unicode (no lone surrogate)',
    params: { code: 'password_ill_formed' },
  })
  .refine((value) => encoder.encode(value).byteLength <= MAX_PASSWORD_BYTES, {
    message: `must be at most ${MAX_PASSWORD_BYTES} UTF-8 bytes`,
    params: { code: 'password_too_long' },
  })

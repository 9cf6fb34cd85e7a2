import { z } from '@hono/zod-openapi'

/** NIST SP 800-63B-4 asks for at least 64 characters; 1024 UTF-8 bytes bounds hashing cost. */
export const MAX_PASSWORD_BYTES = 1024

const encoder = new TextEncoder()

/**
 * A password in a request body. The byte limit is checked during validation, before any
 * handler can hash it, so an attacker cannot make the server argon2 a megabyte.
 */
export const passwordField = z
  .string()
  .min(1)
  .refine((value) => encoder.encode(value).byteLength <= MAX_PASSWORD_BYTES, {
    message: `must be at most ${MAX_PASSWORD_BYTES} UTF-8 bytes`,
    params: { code: 'password_too_long' },
  })

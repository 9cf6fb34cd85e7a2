import { Buffer } from 'node:buffer'
import { HashingUnavailableError } from '../hashing/bounded-password-hasher.js'
import { parseFastConfig, type FastConfig } from '../hashing/parse-fast-config.js'
import type { ParsedHash } from '../hashing/parsed-hash.js'
import type { PasswordHasher } from '../hashing/password-hasher.js'

/**
 * The wrapped format (OWASP "layer the legacy hash", Django's wrapped hashers):
 *
 *   $pwg-wrap$v=1$<inner scheme>$<base64url(inner config body)><argon2id PHC>
 *
 * e.g. `$pwg-wrap$v=1$md5_crypt$JDEkYkxhSFA5azAk$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`.
 * The inner config is the legacy scheme's digest-free recipe (`$pwg-fast$<scheme>$<body>`,
 * see parse-fast-config.ts: salt, rounds, PRF, iterations, N/r/p). Its body is base64url so
 * its own `$` signs never clash with ours. The PHC string is argon2id over the inner digest
 * text (hex, or the crypt checksum) that the legacy scheme would have stored. So the fast
 * digest is gone from the row, yet a login can recompute it from the password and check it
 * against argon2id. Parsing needs no hint and rejects anything over WRAPPED_MAX_LENGTH.
 */
export const WRAPPED_PREFIX = '$pwg-wrap$'
/** Same bound as any stored hash (parse-stored-hash.ts): keeps regex work and rows small. */
export const WRAPPED_MAX_LENGTH = 1024
const FAST_PREFIX = '$pwg-fast$'

const WRAPPED =
  /^\$pwg-wrap\$v=1\$([a-z0-9_]{1,64})\$([A-Za-z0-9_-]{0,900})(\$argon2id\$v=19\$m=([0-9]{1,7}),t=([0-9]{1,2}),p=([0-9]{1,2})\$[A-Za-z0-9+/]{11,128}\$[A-Za-z0-9+/]{16,128})$/

/** A parsed wrapped hash: the inner recipe and the argon2id layer over its digest. */
export interface WrappedHash {
  innerScheme: string
  /** `$pwg-fast$<scheme>$<body>`: recomputes the inner digest from a password. */
  innerConfig: string
  inner: FastConfig
  phc: string
  /** argon2id m (KiB), t, p of the outer layer. */
  cost: { m: number; t: number; p: number }
}

/** Whether a stored string claims the wrapped format (it may still be malformed). */
export function isWrappedHash(stored: string): boolean {
  return typeof stored === 'string' && stored.startsWith(WRAPPED_PREFIX)
}

/** Reads a wrapped hash, or null when malformed, out of bounds or unknown inside. Never throws. */
export function parseWrappedHash(stored: string): WrappedHash | null {
  if (!isWrappedHash(stored) || stored.length > WRAPPED_MAX_LENGTH) return null
  const match = WRAPPED.exec(stored)
  if (!match) return null
  const [, innerScheme = '', body64 = '', phc = '', m = '', t = '', p = ''] = match
  const cost = { m: Number(m), t: Number(t), p: Number(p) }
  // Same argon2 bounds as imported hashes (Kratos's): a forged row cannot cost a login 1 GiB+.
  if (cost.m < 8 || cost.m > 1_048_576 || cost.t < 1 || cost.t > 10 || cost.p < 1 || cost.p > 16)
    return null
  const innerConfig = `${FAST_PREFIX}${innerScheme}$${Buffer.from(body64, 'base64url').toString('utf8')}`
  const inner = parseFastConfig(innerConfig)
  if (!inner || inner.scheme !== innerScheme) return null
  return { innerScheme, innerConfig, inner, phc, cost }
}

/** Builds the wrapped string from an inner fast config and the argon2id PHC over its digest. */
export function formatWrappedHash(innerConfig: string, phc: string): string | null {
  if (!innerConfig.startsWith(FAST_PREFIX)) return null
  const rest = innerConfig.slice(FAST_PREFIX.length)
  const cut = rest.indexOf('$')
  if (cut <= 0) return null
  const body64 = Buffer.from(rest.slice(cut + 1), 'utf8').toString('base64url')
  const wrapped = `${WRAPPED_PREFIX}v=1$${rest.slice(0, cut)}$${body64}${phc}`
  return parseWrappedHash(wrapped) ? wrapped : null
}

/**
 * Wraps a recomputable legacy hash: argon2id over its stored digest, no password needed.
 * Returns the wrapped string and its inner scheme; null when the hash has no fast config or
 * the result would not parse back (too long).
 */
export async function wrapLegacyHash(
  hash: ParsedHash,
  hasher: PasswordHasher,
): Promise<{ stored: string; innerScheme: string } | null> {
  const inner = hash.fast ? parseFastConfig(hash.fast.config) : null
  if (!hash.fast || !inner) return null
  const phc = await hasher.hash(hash.fast.digest)
  const stored = formatWrappedHash(hash.fast.config, phc)
  return stored ? { stored, innerScheme: inner.scheme } : null
}

/**
 * Recomputes the inner digest from the password and checks it against the argon2id layer
 * (constant time inside argon2). The password is tried as received, then NFKC, like any legacy
 * hash. Never throws: an internal failure is a non-match.
 */
export async function verifyWrappedHash(
  wrapped: WrappedHash,
  password: string,
  hasher: PasswordHasher,
): Promise<boolean> {
  const attempt = async (candidate: string) => {
    try {
      return await hasher.verify(wrapped.phc, await wrapped.inner.digest(candidate))
    } catch (error) {
      // Shed load (503) must not turn into a wrong password counted against the user.
      if (error instanceof HashingUnavailableError) throw error
      return false
    }
  }
  const normalized = password.normalize('NFKC')
  return (await attempt(password)) || (normalized !== password && (await attempt(normalized)))
}

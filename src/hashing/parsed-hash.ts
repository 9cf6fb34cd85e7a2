import type { HashPrimitives } from './hash-primitives.js'

export type HashFamily =
  | 'crypt'
  | 'bcrypt'
  | 'phpass'
  | 'ldap'
  | 'pbkdf2'
  | 'scrypt'
  | 'argon2'
  | 'django'
  | 'mysql'
  | 'digest'

export type ParseErrorCode =
  'unrecognized_hash' | 'malformed_hash' | 'cost_out_of_bounds' | 'invalid_hint'

/** A stored hash understood well enough to verify a password against it. */
export interface ParsedHash {
  /** Stable passlib-like id, e.g. `md5_crypt`, `bcrypt`, `django_pbkdf2_sha256`, `salted_sha1`. */
  scheme: string
  family: HashFamily
  /** `fast`: cheap to brute-force (plain/salted digests, DES/md5 crypt, phpass, …). */
  speed: 'fast' | 'slow'
  /** Self-describing form: `parseStoredHash(canonical)` without a hint parses to the same hash. */
  canonical: string
  /** Cost parameters as named by the scheme: rounds, iterations, N/r/p, m/t/p, cost. */
  cost?: Record<string, number>
  /**
   * Present when pwguard can recompute the stored digest from a password (every scheme except
   * bcrypt- and argon2-based ones): `config` is self-describing and holds no digest material,
   * `digest` is what `parseFastConfig(config).digest(password)` returns for the right password.
   */
  fast?: { config: string; digest: string }
  /** Constant-time check of `password` (its UTF-8 bytes, exactly as given). Never throws. */
  verify(password: string, primitives: HashPrimitives): Promise<boolean>
}

export type ParsedHashResult =
  { ok: true; hash: ParsedHash } | { ok: false; code: ParseErrorCode; detail: string }

/** A failed parse, as a value. */
export function parseFailure(code: ParseErrorCode, detail: string): ParsedHashResult {
  return { ok: false, code, detail }
}

/** A successful parse, as a value. */
export function parsed(hash: ParsedHash): ParsedHashResult {
  return { ok: true, hash }
}

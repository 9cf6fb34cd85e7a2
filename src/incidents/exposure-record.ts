import { Buffer } from 'node:buffer'
import { createHash } from 'node:crypto'
import { ntlmDigest } from '../breach/corpus/md4.js'
import { normalizeEmail } from '../accounts/email-index.js'
import { isWellFormedText } from '../http/password-field.js'
import type { HashHint } from '../hashing/hash-hint.js'
import { parseStoredHash } from '../hashing/parse-stored-hash.js'

/** One record of an exposure list, as uploaded (every field optional, at least one given). */
export interface ExposureInput {
  externalId?: string
  email?: string
  password?: string
  passwordSha1?: string
  passwordNtlm?: string
  passwordMd5?: string
  /** The stored hash string as it leaked (any format the account import reads). */
  passwordHash?: string
}

/** A record reduced to what ingest needs; plaintext and hash are kept only to match them. */
export interface ExposureRecord {
  externalId: string | null
  /** Normalized e-mail (matched through the blind index, never stored). */
  email: string | null
  password: string | null
  /** Uppercase SHA-1 of the exposed password (computed, or as listed). */
  sha1: string | null
  ntlm: string | null
  md5: string | null
  /** The leaked hash string in the canonical form the import fingerprints. */
  hashCanonical: string | null
}

export type RecordProblem = { code: string; detail: string }

const STRING_FIELDS = [
  'externalId',
  'email',
  'password',
  'passwordSha1',
  'passwordNtlm',
  'passwordMd5',
  'passwordHash',
] as const
const HEX_DIGITS = { passwordSha1: 40, passwordNtlm: 32, passwordMd5: 32 } as const
const MAX_PASSWORD_BYTES = 1024
const encoder = new TextEncoder()

/**
 * Validates one uploaded record. Empty strings count as absent (CSV cells); unknown fields are
 * ignored, since leaked dumps carry many columns. Passwords over 1024 UTF-8 bytes are refused
 * before any hashing, as everywhere else; a hash string must parse as the import would read it
 * (`passwordHashHint`, NDJSON only, names a bare digest's algorithm and salt).
 */
export function toExposureRecord(input: Record<string, unknown>): ExposureRecord | RecordProblem {
  const fields: ExposureInput = {}
  for (const name of STRING_FIELDS) {
    const value = input[name]
    if (value === undefined || value === null || value === '') continue
    if (typeof value !== 'string')
      return { code: 'invalid_record', detail: `${name}: expected a string` }
    fields[name] = value
  }
  if (Object.keys(fields).length === 0) {
    return { code: 'empty_record', detail: `give at least one of ${STRING_FIELDS.join(', ')}` }
  }
  const problem = fieldProblem(fields)
  if (problem) return problem
  const hash = fields.passwordHash === undefined ? null : readHash(fields.passwordHash, input)
  if (hash !== null && typeof hash !== 'string') return hash
  const { password } = fields
  return {
    externalId: fields.externalId ?? null,
    email: fields.email === undefined ? null : normalizeEmail(fields.email),
    password: password ?? null,
    sha1:
      password !== undefined
        ? createHash('sha1').update(password, 'utf8').digest('hex').toUpperCase()
        : (fields.passwordSha1?.toUpperCase() ?? null),
    ntlm:
      password !== undefined
        ? toHex(ntlmDigest(password))
        : (fields.passwordNtlm?.toUpperCase() ?? null),
    md5: password === undefined ? (fields.passwordMd5?.toUpperCase() ?? null) : null,
    hashCanonical: hash,
  }
}

function fieldProblem(fields: ExposureInput): RecordProblem | null {
  if (fields.externalId !== undefined && fields.externalId.length > 200) {
    return { code: 'invalid_record', detail: 'externalId: at most 200 characters' }
  }
  if (fields.email !== undefined && fields.email.length > 320) {
    return { code: 'invalid_record', detail: 'email: at most 320 characters' }
  }
  const { password } = fields
  // A lone surrogate would be hashed as U+FFFD: the digest would name another password.
  if (password !== undefined && !isWellFormedText(password)) {
    return { code: 'password_ill_formed', detail: 'password: lone UTF-16 surrogate, not hashed' }
  }
  if (password !== undefined && encoder.encode(password).byteLength > MAX_PASSWORD_BYTES) {
    return { code: 'password_too_long', detail: 'password: over 1024 UTF-8 bytes, not hashed' }
  }
  for (const [name, digits] of Object.entries(HEX_DIGITS)) {
    const value = fields[name as keyof typeof HEX_DIGITS]
    if (value !== undefined && (value.length !== digits || !/^[0-9a-fA-F]+$/.test(value))) {
      return { code: 'invalid_record', detail: `${name}: expected ${digits} hex digits` }
    }
  }
  return null
}

/** The leaked hash string, canonical as the import stores it, or why it cannot be read. */
function readHash(hash: string, input: Record<string, unknown>): string | RecordProblem {
  const hint = input.passwordHashHint
  if (hint !== undefined && (typeof hint !== 'object' || hint === null || Array.isArray(hint))) {
    return { code: 'invalid_record', detail: 'passwordHashHint: expected an object' }
  }
  const parsed = parseStoredHash(hash.trim(), (hint ?? undefined) as HashHint | undefined)
  if (!parsed.ok) return { code: parsed.code, detail: `passwordHash: ${parsed.detail}` }
  return parsed.hash.canonical
}

/**
 * The idempotency key's input: the normalized content, with whether the password came as
 * plaintext (a plaintext record can prove a password match, a digest-only one cannot). Records
 * with only the original fields keep the original key, so lists ingested before stay known.
 */
export function recordKeyMaterial(record: ExposureRecord): string {
  const kind = record.password !== null ? 'p' : record.sha1 !== null ? 's' : '-'
  const base = [record.externalId ?? '', record.email ?? '', kind, record.sha1 ?? '']
  const more = [record.ntlm ?? '', record.md5 ?? '', record.hashCanonical ?? '']
  const extra = record.password === null && more.some((value) => value !== '')
  return JSON.stringify(extra ? [...base, ...more] : base)
}

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex').toUpperCase()
}

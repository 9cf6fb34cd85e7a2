import { Buffer } from 'node:buffer'
import { createHash } from 'node:crypto'
import { ntlmDigest } from '../breach/corpus/md4.js'
import { normalizeEmail } from '../accounts/email-index.js'
import { isWellFormedText } from '../http/password-field.js'

/** One record of an exposure list, as uploaded (every field optional, at least one given). */
export interface ExposureInput {
  externalId?: string
  email?: string
  password?: string
  passwordSha1?: string
}

/** A record reduced to what ingest needs; the plaintext is kept only to verify and hash it. */
export interface ExposureRecord {
  externalId: string | null
  /** Normalised e-mail (matched through the blind index, never stored). */
  email: string | null
  password: string | null
  /** Uppercase SHA-1 of the exposed password (computed, or as listed). */
  sha1: string | null
  ntlm: string | null
}

export type RecordProblem = { code: string; detail: string }

const FIELDS = ['externalId', 'email', 'password', 'passwordSha1'] as const
const SHA1_HEX = /^[0-9a-fA-F]{40}$/
const MAX_PASSWORD_BYTES = 1024
const encoder = new TextEncoder()

/**
 * Validates one uploaded record. Empty strings count as absent (CSV cells); unknown fields are
 * ignored, since leaked dumps carry many columns. Passwords over 1024 UTF-8 bytes are refused
 * before any hashing, as everywhere else.
 */
export function toExposureRecord(input: Record<string, unknown>): ExposureRecord | RecordProblem {
  const fields: ExposureInput = {}
  for (const name of FIELDS) {
    const value = input[name]
    if (value === undefined || value === null || value === '') continue
    if (typeof value !== 'string')
      return { code: 'invalid_record', detail: `${name}: expected a string` }
    fields[name] = value
  }
  if (Object.keys(fields).length === 0) {
    return { code: 'empty_record', detail: `give at least one of ${FIELDS.join(', ')}` }
  }
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
  if (fields.passwordSha1 !== undefined && !SHA1_HEX.test(fields.passwordSha1)) {
    return { code: 'invalid_record', detail: 'passwordSha1: expected 40 hex digits' }
  }
  return {
    externalId: fields.externalId ?? null,
    email: fields.email === undefined ? null : normalizeEmail(fields.email),
    password: password ?? null,
    sha1:
      password !== undefined
        ? createHash('sha1').update(password, 'utf8').digest('hex').toUpperCase()
        : (fields.passwordSha1?.toUpperCase() ?? null),
    ntlm: password !== undefined ? toHex(ntlmDigest(password)) : null,
  }
}

/**
 * The idempotency key's input: the normalised content, with whether the password came as
 * plaintext (a plaintext record can prove a password match, a digest-only one cannot).
 */
export function recordKeyMaterial(record: ExposureRecord): string {
  const kind = record.password !== null ? 'p' : record.sha1 !== null ? 's' : '-'
  return JSON.stringify([record.externalId ?? '', record.email ?? '', kind, record.sha1 ?? ''])
}

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex').toUpperCase()
}

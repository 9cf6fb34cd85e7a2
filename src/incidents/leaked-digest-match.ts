import { Buffer } from 'node:buffer'
import { constantTimeEqual } from '../hashing/legacy/constant-time-equal.js'
import { parseWrappedHash } from '../migration/wrapped-hash.js'
import type { ExposureRecord } from './exposure-record.js'

type Algorithm = 'sha1' | 'md5' | 'ntlm'

const HEX_DIGITS: Record<Algorithm, number> = { sha1: 40, md5: 32, ntlm: 32 }

/** A leaked unsalted digest, lowercase hex (how the vault's digest schemes write it). */
export interface LeakedDigest {
  algorithm: Algorithm
  hex: string
}

/** Vault schemes whose stored digest is the bare, unsalted digest of the password. */
const UNSALTED_SCHEMES: Record<Algorithm, readonly string[]> = {
  sha1: ['raw_sha1', 'ldap_sha1', 'django_unsalted_sha1'],
  md5: ['raw_md5', 'ldap_md5', 'django_unsalted_md5'],
  ntlm: ['ntlm'],
}

/** The record's digests (a plaintext record proves more by verifying, so it has none here). */
export function leakedDigests(record: ExposureRecord): LeakedDigest[] {
  if (record.password !== null) return []
  const digests: LeakedDigest[] = []
  if (record.sha1) digests.push({ algorithm: 'sha1', hex: record.sha1.toLowerCase() })
  if (record.md5) digests.push({ algorithm: 'md5', hex: record.md5.toLowerCase() })
  if (record.ntlm) digests.push({ algorithm: 'ntlm', hex: record.ntlm.toLowerCase() })
  return digests
}

/**
 * Every canonical string the account import stores for this bare digest: the account's current
 * hash is compared with these (constant time), its import fingerprint with their HMACs.
 */
export function digestCanonicals({ algorithm, hex }: LeakedDigest): string[] {
  const base64 = Buffer.from(hex, 'hex').toString('base64')
  switch (algorithm) {
    case 'sha1':
      return [`$pwg-digest$sha1$${hex}`, `{SHA}${base64}`, `sha1$$${hex}`]
    case 'md5':
      return [hex, `{MD5}${base64}`, `md5$$${hex}`]
    case 'ntlm':
      return [`$pwg-digest$ntlm$${hex}`]
  }
}

/** Every length a canonical digest form can have (the forms are ASCII: chars are bytes). */
const FORM_LENGTHS = new Set(
  (['sha1', 'md5', 'ntlm'] as const)
    .flatMap((algorithm) => digestCanonicals({ algorithm, hex: '0'.repeat(HEX_DIGITS[algorithm]) }))
    .map((form) => form.length),
)

/** Whether the account's current hash IS one of the leaked digests. */
export function storedHashIsDigest(storedHash: string, digests: readonly LeakedDigest[]): boolean {
  // A bcrypt or argon2 hash cannot be a bare digest: skip building and comparing the forms.
  // Decided by the stored hash's length alone, so the timing says nothing about the record.
  if (!FORM_LENGTHS.has(storedHash.length)) return false
  let found = false
  // Every comparison runs: which form matched must not show in the timing.
  for (const digest of digests)
    for (const form of digestCanonicals(digest))
      found = constantTimeEqual(storedHash, form) || found
  return found
}

/** A wrapped account a leaked digest may open: one argon2 verify of `digest` against `phc`. */
export interface WrappedCandidate {
  phc: string
  digest: string
}

/**
 * The argon2 check a wrapped account needs: the wrap migration layered argon2id over the bare
 * digest (lowercase hex), so the leaked digest of the same algorithm verifies against it.
 */
export function wrappedCandidate(
  storedHash: string,
  digests: readonly LeakedDigest[],
): WrappedCandidate | null {
  const wrapped = parseWrappedHash(storedHash)
  if (!wrapped) return null
  const digest = digests.find((d) => UNSALTED_SCHEMES[d.algorithm].includes(wrapped.innerScheme))
  return digest ? { phc: wrapped.phc, digest: digest.hex } : null
}

import type { AccountMatch } from '../store/ports/exposure-ingest-store.js'
import type { StoredHashVerifier } from '../accounts/stored-hash-verifier.js'
import { constantTimeEqual } from '../hashing/legacy/constant-time-equal.js'
import type { ExposureRecord } from './exposure-record.js'
import {
  digestCanonicals,
  leakedDigests,
  storedHashIsDigest,
  wrappedCandidate,
  type WrappedCandidate,
} from './leaked-digest-match.js'

/** How a record proved that the account's working password leaked (bits of `match_via`). */
export const MATCH_VIA = { plaintext: 1, hashString: 2, digest: 4 } as const

/** What ingest knows of the account a record names. */
export type { AccountMatch }

export interface MatchOutcome {
  /** MATCH_VIA bit of the proof, 0 when none (yet). */
  via: number
  /** A wrapped account the record's digest may open: left to the digest job (argon2). */
  candidate: WrappedCandidate | null
}

const NONE: MatchOutcome = { via: 0, candidate: null }

/**
 * Decides whether a record proves the account's current password leaked, cheapest proof last
 * to cost: a plaintext is verified against the current hash (a slow verify, as at login); a
 * hash string, or a bare digest in any form the import stores, is the account's current hash
 * or the string it was imported from with no password change since (one HMAC against the
 * import fingerprint, whether a login rehashed it or the migration wrapped it); a digest over
 * which the wrap migration layered argon2id is left to the job as a candidate.
 */
export async function matchExposure(
  record: ExposureRecord,
  account: AccountMatch | undefined,
  tools: { verifier: StoredHashVerifier; fingerprint: (canonical: string) => string },
): Promise<MatchOutcome> {
  if (!account) return NONE
  if (record.password !== null) {
    const verdict = await tools.verifier.verify(account.passwordHash, record.password)
    if (verdict.valid) return { via: MATCH_VIA.plaintext, candidate: null }
  }
  const stillImported = account.importFingerprint !== null && importIsCurrent(account)
  const isImportedFrom = (canonical: string) =>
    stillImported &&
    constantTimeEqual(account.importFingerprint ?? '', tools.fingerprint(canonical))
  const hash = record.hashCanonical
  if (hash !== null && (constantTimeEqual(account.passwordHash, hash) || isImportedFrom(hash))) {
    return { via: MATCH_VIA.hashString, candidate: null }
  }
  const digests = leakedDigests(record)
  if (digests.length === 0) return NONE
  // Without a current import fingerprint there is nothing to compare the forms with.
  const imported =
    stillImported && digests.flatMap(digestCanonicals).map(isImportedFrom).includes(true)
  if (storedHashIsDigest(account.passwordHash, digests) || imported) {
    return { via: MATCH_VIA.digest, candidate: null }
  }
  return { via: 0, candidate: wrappedCandidate(account.passwordHash, digests) }
}

/**
 * Whether no password change came after the import that wrote the fingerprint: a re-import
 * (the site's newer hash) after a change makes it current again. A change in the same
 * millisecond as the import counts as after it: a false "not a match" only leaves the account
 * to the other proofs, a false match would vouch for a password the user replaced.
 */
function importIsCurrent(account: AccountMatch): boolean {
  if (account.passwordChangedAt === null) return true
  return account.importedAt !== null && account.importedAt > account.passwordChangedAt
}

/**
 * Exposed accounts counted by their strongest proof (plaintext, then hash string, then digest),
 * as the report states them.
 */
export function countMatchesBy(rows: { passwordMatch: boolean; matchVia: number }[]) {
  const by = { plaintext: 0, hashString: 0, digest: 0 }
  for (const { passwordMatch, matchVia } of rows) {
    if (!passwordMatch) continue
    // Rows from before match_via existed were proved by plaintext, the only kind then.
    if (matchVia === 0 || matchVia & MATCH_VIA.plaintext) by.plaintext += 1
    else if (matchVia & MATCH_VIA.hashString) by.hashString += 1
    else by.digest += 1
  }
  return by
}

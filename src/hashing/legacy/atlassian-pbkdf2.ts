import { parseFailure, type ParsedHashResult } from '../parsed-hash.js'
import { decodeBase64, encodeBase64 } from './codecs.js'
import { pbkdf2Hash } from './pbkdf2-core.js'

/** Atlassian (Crowd/Jira/Confluence) `{PKCS5S2}` = base64(salt16 ‖ PBKDF2-SHA1(10000, 32 bytes)). */
export function parseAtlassianPbkdf2(hash: string): ParsedHashResult | null {
  if (!hash.startsWith('{PKCS5S2}')) return null
  const raw = decodeBase64(hash.slice('{PKCS5S2}'.length))
  if (!raw || raw.length !== 48) return parseFailure('malformed_hash', '{PKCS5S2} needs 48 bytes')
  return pbkdf2Hash({
    scheme: 'atlassian_pbkdf2_sha1',
    family: 'pbkdf2',
    canonical: `{PKCS5S2}${encodeBase64(raw, true)}`,
    recipe: { prf: 'sha1', iterations: 10_000, salt: raw.slice(0, 16), keyLength: 32 },
    digest: raw.slice(16),
  })
}

import { canonicalJson } from './canonical-json.js'

/** Member names that suggest a secret or personal data; refused anywhere in `details`. */
const FORBIDDEN_KEY = /pass(word|wd|phrase)|secret|token|e-?mail|api_?key|^key$|hash$|salt|cookie/i
const EMAIL_LIKE = /[^\s@]+@[^\s@]+\.[^\s@]+/
export const MAX_DETAILS_BYTES = 4_096

/** The shape the audit log refuses as personal data, in details and in targets alike. */
export const looksLikeEmail = (value: string): boolean => EMAIL_LIKE.test(value)

/** A caller tried to put something secret-looking into the audit log: a programming error. */
export class AuditDetailsError extends Error {
  override name = 'AuditDetailsError'
}

/**
 * The audit log is kept forever and shown to admins, so `details` carries ids, counts, scopes
 * and names of things, never keys, passwords, hashes, tokens or e-mail addresses. This check
 * refuses member names that suggest one and string values that look like an e-mail address;
 * it cannot catch a secret under an innocent name, so callers still choose what they log.
 * Returns the canonical JSON stored in the row.
 */
export function checkAuditDetails(details: Record<string, unknown>): string {
  inspect(details, 'details')
  const text = canonicalJson(details)
  if (new TextEncoder().encode(text).length > MAX_DETAILS_BYTES) {
    throw new AuditDetailsError(`audit details exceed ${MAX_DETAILS_BYTES} bytes`)
  }
  return text
}

function inspect(value: unknown, path: string): void {
  if (typeof value === 'string' && EMAIL_LIKE.test(value)) {
    throw new AuditDetailsError(`audit ${path} looks like an e-mail address`)
  }
  if (value === null || typeof value !== 'object') return
  for (const [key, member] of Object.entries(value)) {
    const scalar = typeof member === 'number' || typeof member === 'boolean' || member === null
    if (!Array.isArray(value) && !scalar && FORBIDDEN_KEY.test(key)) {
      throw new AuditDetailsError(`audit ${path}.${key}: secrets and e-mails are never logged`)
    }
    inspect(member, `${path}.${key}`)
  }
}

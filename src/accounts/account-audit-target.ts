import { looksLikeEmail } from '../audit/audit-details.js'
import { createKeyedHash, type KeyedHash } from '../crypto/keyed-hash.js'

/** Part of the stored audit entries' meaning: renaming it orphans the pseudonyms written. */
const AUDIT_TARGET_PURPOSE = 'pwguard/audit-target/v1'

export type AccountAuditTarget = (tenantId: string, externalId: string) => string

/**
 * The audit `target` for an account. Sites may key accounts by e-mail address, but the audit
 * log never holds one (appendAudit refuses it, and it would do so after the action had been
 * written): such an externalId is recorded as a keyed pseudonym, `acct~` and 24 hex digits of
 * HMAC(secret, tenant, externalId), stable per account, not reversible from the database.
 */
export function createAccountAuditTarget(secret: Uint8Array): AccountAuditTarget {
  const key: KeyedHash = createKeyedHash(secret, AUDIT_TARGET_PURPOSE)
  return (tenantId, externalId) =>
    looksLikeEmail(externalId)
      ? `acct~${key.hexSync(`${tenantId}\n${externalId}`).slice(0, 24)}`
      : externalId
}

import { checkAuditEntry, type AuditAppendInput } from '../audit/audit-insert.js'
import { webCryptoRandom } from '../ports/random.js'
import type { AccountStore, PasswordChange } from '../store/ports/account-store.js'
import { newEventId } from '../webhooks/webhook-events.js'

export interface PasswordChangeWrite {
  tenantId: string
  externalId: string
  newHash: string
  now: number
  /** What authorises the write, checked inside it (no window between check and write). */
  authorisedBy: PasswordChange['authorisedBy']
  via: 'current_password' | 'reset_token'
  /** The `account.password_changed` entry; written only if the change lands. */
  audit: AuditAppendInput
}

/**
 * Sets a new password, revokes every outstanding reset token of the account, and writes the
 * audit entry and the `account.password_changed` webhook event, atomically (the port's
 * `changePassword`): a token is never spent without the password being set, nor the password
 * set with the token left usable, nor either without its entry and event; and a token issued
 * before any password change is dead after it.
 *
 * - By reset token: lands only while that token is live, and clears mustReset and its reasons
 *   (only this path does).
 * - By current password: a compare-and-swap on the hash just verified, and only while no
 *   reset reason is set, so a reset forced meanwhile is never cleared by the old password.
 *
 * A lost compare-and-swap or a spent token writes nothing at all. Returns whether it landed.
 */
export async function writePasswordChange(
  accounts: AccountStore,
  input: PasswordChangeWrite,
): Promise<boolean> {
  // Checked before anything is written: a secret-looking detail is a programming error.
  const entry = checkAuditEntry(input.audit)
  const { tenantId, externalId, newHash, now, authorisedBy, via } = input
  const event = { id: newEventId(webCryptoRandom), via }
  return accounts.changePassword({ tenantId, externalId, newHash, now, authorisedBy, event }, entry)
}

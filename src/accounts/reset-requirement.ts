import { parseReasons, type AccountRow } from './account-store.js'

/**
 * Whether the account's current password has stopped proving who the user is. Every reset
 * reason pwguard writes says the password is known to others or must not be trusted:
 * `password_breached` (in the corpus), `incident:<id>:<scope>` (exposed in an incident),
 * `admin_reset` and the free-form codes an admin gives `POST /v1/accounts/{id}/reset`. Unknown
 * codes count too (fail closed). While this holds, the current password may still be verified
 * (login answers `mustReset`) but never authorises a change: only a reset token, delivered to
 * the user out of band, does, and only that change clears the reasons.
 */
export function currentPasswordRevoked(account: Pick<AccountRow, 'mustReset' | 'resetReasons'>) {
  return account.mustReset || parseReasons(account).length > 0
}

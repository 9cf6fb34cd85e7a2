import type { AppDeps } from '../app/deps.js'
import { parseStoredHash } from '../hashing/parse-stored-hash.js'
import type { AccountExposure, AccountRow, AccountStore } from '../store/ports/account-store.js'
import { parseReasons } from './account-store.js'
import { parseWrappedHash } from '../migration/wrapped-hash.js'

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

/** The admin view of an account: scheme and cost, flags, exposures, dates. Never the hash. */
export async function accountViewOn(
  accounts: Pick<AccountStore, 'listExposures'>,
  account: AccountRow,
) {
  return describeAccount(account, await accounts.listExposures(account))
}

/** `accountViewOn` for callers holding the app's deps (the console): the app's accounts port. */
export async function toAccountView(deps: AppDeps, account: AccountRow) {
  return accountViewOn(deps.stores.accounts, account)
}

function describeAccount(account: AccountRow, exposures: AccountExposure[]) {
  const parsed = parseStoredHash(account.passwordHash)
  // A wrapped hash (batch migration) shows its argon2id layer's m/t/p.
  const wrapped = parsed.ok ? null : parseWrappedHash(account.passwordHash)
  const reasons = parseReasons(account)
  return {
    externalId: account.externalId,
    scheme: account.scheme,
    params: parsed.ok ? (parsed.hash.cost ?? {}) : (wrapped?.cost ?? {}),
    mustReset: account.mustReset,
    resetReason: reasons[0] ?? null,
    resetReasons: reasons,
    exposures,
    createdAt: new Date(account.createdAt).toISOString(),
    passwordChangedAt: iso(account.passwordChangedAt),
    lastLoginAt: iso(account.lastLoginAt),
  }
}

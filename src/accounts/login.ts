import type { PolicyDefaults } from '../app/deps.js'
import type { BreachReactionStores } from '../breach-policy/react-to-breach.js'
import type { BreachLookup } from '../breach/breach-lookup.js'
import { breachAtLogin } from '../breach-policy/breach-at-login.js'
import type { LegacyVerifyDeps } from '../legacy-verify/ask-legacy-verify.js'
import { verifierForAccount } from '../legacy-verify/legacy-aware-verifier.js'
import type { BreachAction } from '../tenants/breach-actions.js'
import type { Tenant } from '../tenants/tenant-store.js'
import type { PasswordHasher } from '../hashing/password-hasher.js'
import type { AccountRow, AccountStore } from '../store/ports/account-store.js'
import type { ThrottleStore } from '../store/ports/throttle-store.js'
import { parseReasons } from './account-store.js'
import type { DummyVerifier } from './dummy-verifier.js'
import { attemptPassword } from './password-attempt.js'
import type { FailureFloor } from './failure-floor.js'
import { currentPasswordRevoked } from './reset-requirement.js'
import type { StoredHashVerifier } from './stored-hash-verifier.js'

export interface LoginInput {
  tenantId: string
  /** The tenant row: its breach action and threshold for logins. */
  tenant: Tenant
  /** Resolved by the route from externalId or the e-mail blind index; null when unknown. */
  account: AccountRow | null
  /** What the caller identified the account by, for throttling unknown identifiers too. */
  identifier: string
  password: string
  /** The end user's address as the site passed it (validated by the request schema). */
  clientIp: string | null
}

/**
 * What a login came to. The route translates it; a tenant's breach policy may later translate
 * `reset_required` differently (block, notify), which is why it is its own outcome.
 */
export type LoginOutcome =
  | { kind: 'throttled'; retryAfterMs: number }
  | { kind: 'invalid' }
  | { kind: 'ok'; externalId: string; rehashed: boolean; breachAction?: BreachAction }
  /** The password verified but is known to others: the site must not let the user in. */
  | {
      kind: 'reset_required'
      externalId: string
      rehashed: boolean
      reasons: string[]
      breachAction?: BreachAction
    }
  /** Breached under the tenant's `block` action: refused (403) until the account resets. */
  | { kind: 'blocked'; externalId: string; rehashed: boolean }

export interface LoginDeps {
  accounts: AccountStore
  throttle: ThrottleStore
  verifier: StoredHashVerifier
  hasher: PasswordHasher
  dummy: DummyVerifier
  breach: BreachLookup
  floor: FailureFloor
  now: () => number
  /** Breach actions: audit and outbox writes, service policy defaults. */
  audit: { stores: BreachReactionStores }
  policy: PolicyDefaults
  legacy: LegacyVerifyDeps
}

/**
 * Login against the vault: reserve the attempt on the throttle counters, verify (legacy or
 * argon2id), then upgrade the hash with a compare-and-swap, flag a breached password for reset
 * (ASVS 2.1.7) or act as the tenant's breach action says, and stamp the login. Failures all take the failure floor's time.
 */
export async function login(deps: LoginDeps, input: LoginInput): Promise<LoginOutcome> {
  const now = deps.now()
  // An account imported with `legacyVerify` is verified by the tenant's legacy system once.
  const verifier = verifierForAccount(deps.verifier, deps.legacy, input.account)
  const attempt = await attemptPassword({ ...deps, verifier }, { ...input, now })
  if (attempt.kind !== 'verified') return attempt
  const { account, verdict } = attempt
  const rehashed = verdict.needsRehash
    ? await upgradeHash(deps, account, input.password, now)
    : false
  const reasons = new Set(parseReasons(account))
  const breachAction = await breachAtLogin(deps, {
    tenant: input.tenant,
    account,
    password: input.password,
    reasons,
    now,
  })
  await deps.accounts.recordLogin(account, now)
  const { externalId } = account
  const breach = breachAction ? { breachAction } : {}
  if (breachAction === 'block') return { kind: 'blocked', externalId, rehashed }
  if (reasons.size > 0 || currentPasswordRevoked(account))
    return { kind: 'reset_required', externalId, rehashed, reasons: [...reasons], ...breach }
  return { kind: 'ok', externalId, rehashed, ...breach }
}

/** New hashes are argon2id over the NFKC form, so any later spelling of it verifies. */
async function upgradeHash(deps: LoginDeps, account: AccountRow, password: string, now: number) {
  const newHash = await deps.hasher.hash(password.normalize('NFKC'), account.tenantId)
  return deps.accounts.compareAndSwapHash({
    tenantId: account.tenantId,
    externalId: account.externalId,
    expectedHash: account.passwordHash,
    newHash,
    scheme: 'argon2id',
    now,
    passwordChanged: false,
  })
}

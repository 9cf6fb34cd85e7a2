import type { BreachLookup } from '../breach/breach-lookup.js'
import type { PasswordHasher } from '../hashing/password-hasher.js'
import type { Database } from '../store/database.js'
import {
  compareAndSwapHash,
  findAccount,
  flagForReset,
  parseReasons,
  recordLogin,
  type AccountRow,
} from './account-store.js'
import type { DummyVerifier } from './dummy-verifier.js'
import {
  ACCOUNT_RULE,
  IP_RULE,
  clearFailures,
  recordFailure,
  throttleWait,
} from './login-throttle.js'
import type { StoredHashVerifier } from './stored-hash-verifier.js'

export interface LoginInput {
  tenantId: string
  /** Resolved by the route from externalId or the e-mail blind index; null when unknown. */
  account: AccountRow | null
  /** What the caller identified the account by, for throttling unknown identifiers too. */
  identifier: string
  password: string
  clientIp: string | null
}

export type LoginOutcome =
  | { kind: 'throttled'; retryAfterMs: number }
  | { kind: 'invalid' }
  | { kind: 'ok'; externalId: string; rehashed: boolean; mustReset: boolean; reasons: string[] }

export interface LoginDeps {
  db: Database
  verifier: StoredHashVerifier
  hasher: PasswordHasher
  dummy: DummyVerifier
  breach: BreachLookup
  now: () => number
}

/**
 * Login against the vault: throttle, verify (legacy or argon2id), then upgrade the hash with a
 * compare-and-swap, flag a breached password for reset (ASVS 2.1.7) and stamp the login.
 */
export async function login(deps: LoginDeps, input: LoginInput): Promise<LoginOutcome> {
  const now = deps.now()
  const accountSubject = `account:${input.account?.externalId ?? input.identifier}`
  const ipSubject = input.clientIp ? `ip:${input.clientIp}` : null
  const wait = Math.max(
    await throttleWait(deps.db, input.tenantId, accountSubject, now),
    ipSubject ? await throttleWait(deps.db, input.tenantId, ipSubject, now) : 0,
  )
  if (wait > 0) return { kind: 'throttled', retryAfterMs: wait }

  const verdict = input.account
    ? await deps.verifier.verify(input.account.passwordHash, input.password, input.tenantId)
    : null
  if (!verdict?.valid) {
    // Unknown account or fast legacy hash: spend one argon2 verify so the failure takes as
    // long as a wrong password on an argon2id account (no account enumeration by timing).
    if (!verdict || !verdict.costsArgon2) await deps.dummy.verify(input.password, input.tenantId)
    await recordFailure(deps.db, {
      tenantId: input.tenantId,
      subject: accountSubject,
      now,
      rule: ACCOUNT_RULE,
    })
    if (ipSubject)
      await recordFailure(deps.db, {
        tenantId: input.tenantId,
        subject: ipSubject,
        now,
        rule: IP_RULE,
      })
    return { kind: 'invalid' }
  }
  const account = input.account as AccountRow
  await clearFailures(deps.db, input.tenantId, accountSubject)
  const rehashed = verdict.needsRehash
    ? await upgradeHash(deps, account, input.password, now)
    : false
  const reasons = new Set(parseReasons(account))
  if (
    !reasons.has('password_breached') &&
    (await deps.breach.lookupPassword(input.password)).breached
  ) {
    await flagForReset(deps.db, {
      tenantId: input.tenantId,
      externalId: account.externalId,
      reason: 'password_breached',
      now,
    })
    reasons.add('password_breached')
  }
  await recordLogin(deps.db, input.tenantId, account.externalId, now)
  return {
    kind: 'ok',
    externalId: account.externalId,
    rehashed,
    mustReset: account.mustReset || reasons.size > 0,
    reasons: [...reasons],
  }
}

/** New hashes are argon2id over the NFKC form, so any later spelling of it verifies. */
async function upgradeHash(deps: LoginDeps, account: AccountRow, password: string, now: number) {
  const newHash = await deps.hasher.hash(password.normalize('NFKC'), account.tenantId)
  return compareAndSwapHash(deps.db, {
    tenantId: account.tenantId,
    externalId: account.externalId,
    expectedHash: account.passwordHash,
    newHash,
    scheme: 'argon2id',
    now,
    passwordChanged: false,
  })
}

export { findAccount }

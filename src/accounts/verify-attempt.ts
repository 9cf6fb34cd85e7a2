import type { AccountRow } from '../store/ports/account-store.js'
import type { ReservedAttempt } from './attempt-gate.js'
import type { DummyVerifier } from './dummy-verifier.js'
import type { FailureFloor } from './failure-floor.js'
import type { HashVerdict } from '../hashing/hash-verdict.js'
import type { StoredHashVerifier } from './stored-hash-verifier.js'

export interface VerifyAttemptDeps {
  verifier: StoredHashVerifier
  dummy: DummyVerifier
  floor: FailureFloor
}

/**
 * Verifies a reserved password attempt the one way login and password change share. A failure
 * (unknown account or wrong password) spends the dummy argon2 verify when the real one did not,
 * is padded to the failure floor, and keeps its reservation (it was a guess). A success clears
 * the account counter. When nothing could be verified (the verify threw, e.g. 503 overloaded)
 * the reservation is given back, since no guess was answered.
 */
export async function verifyAttempt(
  deps: VerifyAttemptDeps,
  gate: ReservedAttempt,
  account: AccountRow | null,
  password: string,
  /** Whose hashing queue the work joins (per-tenant fair admission). */
  tenantId: string,
): Promise<HashVerdict | null> {
  const timer = deps.floor.start()
  let verdict: HashVerdict | null
  try {
    verdict = account ? await deps.verifier.verify(account.passwordHash, password, tenantId) : null
    // Unknown account or fast legacy hash: one argon2 verify too, so the work is alike.
    if (!verdict?.valid && !verdict?.costsArgon2) await deps.dummy.verify(password, tenantId)
  } catch (error) {
    timer.done()
    await gate.abandoned()
    throw error
  }
  if (!verdict?.valid) {
    await timer.fail()
    return null
  }
  timer.done()
  await gate.succeeded()
  return verdict
}

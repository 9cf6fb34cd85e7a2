import { reservePasswordAttempt, type AttemptGate } from '../../accounts/attempt-gate.js'
import { IP_RULE, releaseAttempt, reserveAttempt } from '../../accounts/login-throttle.js'
import type { Database } from '../../store/database.js'

/**
 * The IP counters of console sign-ins live under this scope, not under the typed tenant: the
 * tenant is a form field, and an address spraying guesses across tenants must meet one budget.
 */
const CONSOLE_IP_SCOPE = '~console'

/**
 * A console sign-in attempt, reserved on /v1/login's IP rule for the browser's address (across
 * tenants) and on its account rule for the (tenant, e-mail) pair, in the same throttle table.
 * A refusal on the account counter gives the address its attempt back, as /v1/login does.
 */
export async function reserveConsoleAttempt(
  db: Database,
  input: { tenantId: string; accountSubject: string; ipSubject: string | null; now: number },
): Promise<AttemptGate> {
  const ip = input.ipSubject
    ? { tenantId: CONSOLE_IP_SCOPE, subject: input.ipSubject, rule: IP_RULE, now: input.now }
    : null
  const ipWait = ip ? await reserveAttempt(db, ip) : 0
  if (ipWait > 0) return { kind: 'throttled', retryAfterMs: ipWait }
  const account = await reservePasswordAttempt(db, { ...input, ipSubject: null })
  if ('kind' in account) {
    if (ip) await releaseAttempt(db, ip)
    return account
  }
  return {
    async succeeded() {
      await account.succeeded()
      if (ip) await releaseAttempt(db, ip)
    },
    async abandoned() {
      await account.abandoned()
      if (ip) await releaseAttempt(db, ip)
    },
  }
}

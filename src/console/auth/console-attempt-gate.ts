import { reserveAttempt, type AttemptGate } from '../../accounts/attempt-gate.js'
import { IP_RULE, throttlePlan } from '../../accounts/login-throttle.js'
import type { ThrottleStore } from '../../store/ports/throttle-store.js'

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
  throttle: ThrottleStore,
  input: { tenantId: string; accountSubject: string; ipSubject: string | null; now: number },
): Promise<AttemptGate> {
  const ip = input.ipSubject ? { tenantId: CONSOLE_IP_SCOPE, subject: input.ipSubject } : null
  const ipPlan = throttlePlan(IP_RULE, input.now)
  if (ip) {
    const reserved = await throttle.reserve(ip, ipPlan)
    if (reserved.kind === 'blocked') return { kind: 'throttled', retryAfterMs: reserved.waitMs }
  }
  const account = await reserveAttempt(throttle, { ...input, ipSubject: null })
  const giveBackIp = async () => {
    if (ip) await throttle.giveBack(ip, ipPlan)
  }
  if ('kind' in account) {
    await giveBackIp()
    return account
  }
  return {
    async succeeded() {
      await account.succeeded()
      await giveBackIp()
    },
    async abandoned() {
      await account.abandoned()
      await giveBackIp()
    },
  }
}

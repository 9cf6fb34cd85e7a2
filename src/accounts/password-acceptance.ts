import type { Services } from '../app/services.js'
import type { AppDeps } from '../app/deps.js'
import { ProblemError } from '../http/problem.js'
import type { PasswordContext } from '../policy/context-words.js'
import type { Locale } from '../policy/policy-messages.js'
import { resolveBreachActions, type BreachAction } from '../tenants/breach-actions.js'
import type { Tenant } from '../tenants/tenant-store.js'

/** A breached new password the tenant's action lets through; the caller reacts once written. */
export interface AcceptedBreach {
  action: Exclude<BreachAction, 'block'>
  breachCount: number
}

/**
 * Runs the signup check on a new password and refuses it with 422 and the violations, so
 * account creation, password change and reset all hold new passwords to the same rules. When
 * the breach is the only objection and the tenant's action for this moment is not `block`,
 * the password is accepted and the breach returned, for `reactToBreach` after the write.
 */
export async function refusePasswordIfUnacceptable(
  _deps: AppDeps,
  services: Services,
  input: {
    tenant: Tenant
    password: string
    context: PasswordContext
    locale?: Locale | undefined
    moment: 'signup' | 'passwordChange'
  },
): Promise<AcceptedBreach | null> {
  const result = await services.passwordChecker({
    tenant: input.tenant,
    password: input.password,
    context: input.context,
    ...(input.locale ? { locale: input.locale } : {}),
  })
  if (result.acceptable) return null
  const action = resolveBreachActions(input.tenant)[input.moment]
  if (action !== 'block' && result.violations.every((v) => v.code === 'breached')) {
    return { action, breachCount: result.breach.count }
  }
  throw new ProblemError({
    status: 422,
    code: 'password_rejected',
    title: 'Password not acceptable',
    detail: result.violations.map((violation) => violation.message).join(' '),
    extensions: { violations: result.violations, feedback: result.feedback },
  })
}

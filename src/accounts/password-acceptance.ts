import type { PasswordCheckResult } from '../policy/check-password.js'
import type { PasswordContext } from '../policy/context-words.js'
import type { PasswordChecker } from '../policy/create-password-checker.js'
import type { Locale } from '../policy/policy-messages.js'
import { resolveBreachActions, type BreachAction } from '../tenants/breach-actions.js'
import type { Tenant } from '../tenants/tenant-store.js'

/** A breached new password the tenant's action lets through; the caller reacts once written. */
export interface AcceptedBreach {
  action: Exclude<BreachAction, 'block'>
  breachCount: number
}

/** Whether a new password may be stored, and what to tell the user when it may not. */
export type NewPasswordVerdict =
  | { acceptable: true; breach: AcceptedBreach | null }
  | {
      acceptable: false
      violations: PasswordCheckResult['violations']
      feedback: PasswordCheckResult['feedback']
    }

/**
 * Runs the signup check on a new password, so account creation, password change and reset all
 * hold new passwords to the same rules. When the breach is the only objection and the tenant's
 * action for this moment is not `block`, the password is acceptable and the breach comes back,
 * for `reactToBreach` after the write. The route turns a refusal into its 422 problem.
 */
export async function judgeNewPassword(
  checker: PasswordChecker,
  input: {
    tenant: Tenant
    password: string
    context: PasswordContext
    locale?: Locale | undefined
    moment: 'signup' | 'passwordChange'
  },
): Promise<NewPasswordVerdict> {
  const result = await checker({
    tenant: input.tenant,
    password: input.password,
    context: input.context,
    ...(input.locale ? { locale: input.locale } : {}),
  })
  if (result.acceptable) return { acceptable: true, breach: null }
  const action = resolveBreachActions(input.tenant)[input.moment]
  if (action !== 'block' && result.violations.every((v) => v.code === 'breached')) {
    return { acceptable: true, breach: { action, breachCount: result.breach.count } }
  }
  return { acceptable: false, violations: result.violations, feedback: result.feedback }
}

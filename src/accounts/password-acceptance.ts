import type { Services } from '../app/services.js'
import type { AppDeps } from '../app/deps.js'
import { ProblemError } from '../http/problem.js'
import type { PasswordContext } from '../policy/context-words.js'
import type { Locale } from '../policy/policy-messages.js'
import type { Tenant } from '../tenants/tenant-store.js'

/**
 * Runs the signup check on a new password and refuses it with 422 and the violations, so
 * account creation, password change and reset all hold new passwords to the same rules.
 */
export async function refusePasswordIfUnacceptable(
  _deps: AppDeps,
  services: Services,
  input: {
    tenant: Tenant
    password: string
    context: PasswordContext
    locale?: Locale | undefined
  },
): Promise<void> {
  const result = await services.passwordChecker({
    tenant: input.tenant,
    password: input.password,
    context: input.context,
    ...(input.locale ? { locale: input.locale } : {}),
  })
  if (result.acceptable) return
  throw new ProblemError({
    status: 422,
    code: 'password_rejected',
    title: 'Password not acceptable',
    detail: result.violations.map((violation) => violation.message).join(' '),
    extensions: { violations: result.violations, feedback: result.feedback },
  })
}

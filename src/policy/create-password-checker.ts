import type { AppDeps } from '../app/deps.js'
import { createBreachLookup } from '../breach/breach-lookup.js'
import type { BreachLookup } from '../breach/breach-lookup.js'
import { checkPassword } from './check-password.js'
import type { PasswordCheckRequest, PasswordCheckResult } from './check-password.js'
import { resolvePolicy } from './resolve-policy.js'
import type { TenantPolicy } from './resolve-policy.js'
import { createStrengthEstimator } from './strength-estimator.js'
import type { StrengthEstimator } from './strength-estimator.js'

/** Checks one password for one tenant under that tenant's effective policy. */
export type PasswordChecker = (
  request: PasswordCheckRequest & { tenant: (TenantPolicy & { id?: string }) | null },
) => Promise<PasswordCheckResult>

/**
 * The check as the routes use it (this endpoint, account creation, password change). Call it
 * once per route factory: it holds the zxcvbn instance, which takes ~0.3 s to build.
 * `breach` and `strength` may be passed to share one instance between route groups.
 */
export function createPasswordChecker(
  deps: Pick<AppDeps, 'settings' | 'upstream'> & {
    corpus: Parameters<typeof createBreachLookup>[0]
  },
  tools: { breach?: BreachLookup; strength?: StrengthEstimator } = {},
): PasswordChecker {
  const breach = tools.breach ?? createBreachLookup(deps.corpus, { upstream: deps.upstream })
  const strength = tools.strength ?? createStrengthEstimator()
  return ({ tenant, ...request }) =>
    checkPassword(request, resolvePolicy(deps.settings.policy, tenant), {
      // The shared corpus plus this tenant's own incident additions (never another tenant's).
      breach: breach.forTenant(tenant?.id),
      strength,
    })
}

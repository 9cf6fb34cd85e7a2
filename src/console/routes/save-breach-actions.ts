import type { Context } from 'hono'
import type { AppDeps } from '../../app/deps.js'
import { checkAuditEntry } from '../../audit/audit-insert.js'
import { policyStores } from '../../breach-policy/policy-stores.js'
import {
  isBreachAction,
  type BreachAction,
  type BreachMoment,
} from '../../tenants/breach-actions.js'
import { tenantPolicyChange, tenantPolicyView } from '../../tenants/tenant-policy-store.js'
import { auditActor, type ConsoleEnv } from '../console-env.js'
import { BREACH_MOMENTS } from '../views/breach-actions-form.js'

/**
 * The breach-actions form's write: the same update and audit entry as PUT /v1/tenant/policy
 * with `breachActions`, by the console user. An empty select restores the service default
 * (null); a value outside the vocabulary refuses the whole form (false, nothing written).
 */
export async function saveBreachActions(
  deps: AppDeps,
  c: Context<ConsoleEnv>,
  form: Record<string, unknown>,
): Promise<boolean> {
  const chosen: Record<BreachMoment, BreachAction | null> = {
    login: null,
    signup: null,
    passwordChange: null,
  }
  for (const moment of BREACH_MOMENTS) {
    const value = form[moment]
    if (isBreachAction(value)) chosen[moment] = value
    else if (value !== '' && value !== undefined) return false
  }
  const actor = c.get('actor')
  const { set, after } = tenantPolicyChange(actor.tenant, { breachActions: chosen })
  const effective = tenantPolicyView(deps.settings.policy, after).effective.breachActions
  // The change and its audit entry commit together or not at all.
  await policyStores(deps).tenantSettings.update(
    actor.tenant.id,
    set,
    checkAuditEntry({
      tenantId: actor.tenant.id,
      actor: auditActor(actor),
      action: 'tenant.policy_set',
      // Values in moment order (login, signup, change): the audit log refuses camelCase keys.
      details: {
        changed: ['breachActions'],
        actions: BREACH_MOMENTS.map((moment) => effective[moment]),
      },
      at: deps.clock.now(),
    }),
  )
  c.set('actor', { ...actor, tenant: after })
  return true
}

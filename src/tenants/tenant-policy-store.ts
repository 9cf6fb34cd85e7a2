import type { PolicyDefaults } from '../app/deps.js'
import type { TenantSettings } from '../store/ports/tenant-settings-store.js'
import {
  isBreachAction,
  resolveBreachActions,
  resolveBreachDigest,
  type BreachAction,
  type BreachActions,
  type BreachDigestMode,
} from './breach-actions.js'
import type { Tenant } from './tenant-store.js'

/** A PUT body: absent leaves a setting as is, null restores the service default. */
export interface TenantPolicyPatch {
  minLength?: number | null
  minScore?: number | null
  breachThreshold?: number | null
  upstreamFail?: 'open' | 'closed' | null
  breachActions?: {
    signup?: BreachAction | null
    passwordChange?: BreachAction | null
    login?: BreachAction | null
  } | null
  breachDigest?: BreachDigestMode | null
}

/** What GET answers: the overrides as stored, and the values in force. */
export interface TenantPolicyView {
  overrides: {
    minLength: number | null
    minScore: number | null
    breachThreshold: number | null
    upstreamFail: 'open' | 'closed' | null
    breachActions: {
      signup: BreachAction | null
      passwordChange: BreachAction | null
      login: BreachAction | null
    }
    breachDigest: BreachDigestMode | null
  }
  effective: {
    minLength: number
    minScore: number
    breachThreshold: number
    upstreamFail: 'open' | 'closed' | 'service'
    breachActions: BreachActions
    breachDigest: BreachDigestMode
  }
}

type Columns = TenantSettings

/** Maps a patch to column updates; `undefined` members are left out of the UPDATE. */
export function patchColumns(patch: TenantPolicyPatch): Columns {
  const set: Columns = {}
  if (patch.minLength !== undefined) set.minPasswordLength = patch.minLength
  if (patch.minScore !== undefined) set.minStrengthScore = patch.minScore
  if (patch.breachThreshold !== undefined) set.breachCountThreshold = patch.breachThreshold
  if (patch.upstreamFail !== undefined) set.upstreamFail = patch.upstreamFail
  if (patch.breachDigest !== undefined) set.breachDigest = patch.breachDigest
  const actions = patch.breachActions
  if (actions === null) {
    set.breachActionSignup = null
    set.breachActionPasswordChange = null
    set.breachActionLogin = null
  } else if (actions) {
    if (actions.signup !== undefined) set.breachActionSignup = actions.signup
    if (actions.passwordChange !== undefined)
      set.breachActionPasswordChange = actions.passwordChange
    if (actions.login !== undefined) set.breachActionLogin = actions.login
  }
  return set
}

/** The columns a patch sets (for `stores.tenantSettings.update`) and the row afterwards. */
export function tenantPolicyChange(tenant: Tenant, patch: TenantPolicyPatch) {
  const set = patchColumns(patch)
  return { set, after: { ...tenant, ...set } }
}

export function tenantPolicyView(defaults: PolicyDefaults, tenant: Tenant): TenantPolicyView {
  const upstreamFail = tenant.upstreamFail === 'open' || tenant.upstreamFail === 'closed'
  return {
    overrides: {
      minLength: tenant.minPasswordLength,
      minScore: tenant.minStrengthScore,
      breachThreshold: tenant.breachCountThreshold,
      upstreamFail: upstreamFail ? (tenant.upstreamFail as 'open' | 'closed') : null,
      breachActions: {
        signup: asAction(tenant.breachActionSignup),
        passwordChange: asAction(tenant.breachActionPasswordChange),
        login: asAction(tenant.breachActionLogin),
      },
      breachDigest: tenant.breachDigest === null ? null : resolveBreachDigest(tenant),
    },
    effective: {
      minLength: tenant.minPasswordLength ?? defaults.minLength,
      minScore: tenant.minStrengthScore ?? defaults.minScore,
      breachThreshold: tenant.breachCountThreshold ?? defaults.breachThreshold,
      upstreamFail: upstreamFail ? (tenant.upstreamFail as 'open' | 'closed') : 'service',
      breachActions: resolveBreachActions(tenant),
      breachDigest: resolveBreachDigest(tenant),
    },
  }
}

const asAction = (value: string | null) => (isBreachAction(value) ? value : null)

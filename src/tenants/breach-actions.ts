import type { Tenant } from './tenant-store.js'

/** What happens when a password is found breached, from strictest to mildest. */
export const BREACH_ACTIONS = ['block', 'require_reset', 'notify', 'log'] as const
export type BreachAction = (typeof BREACH_ACTIONS)[number]

/** The moments a password is checked against the corpus. */
export type BreachMoment = 'signup' | 'passwordChange' | 'login'

export interface BreachActions {
  signup: BreachAction
  passwordChange: BreachAction
  login: BreachAction
}

/** Service defaults: a new breached password is refused; a login is let in but must reset. */
export const DEFAULT_BREACH_ACTIONS: BreachActions = {
  signup: 'block',
  passwordChange: 'block',
  login: 'require_reset',
}

export const BREACH_DIGEST_MODES = ['off', 'immediate', 'daily'] as const
export type BreachDigestMode = (typeof BREACH_DIGEST_MODES)[number]

export function isBreachAction(value: unknown): value is BreachAction {
  return typeof value === 'string' && (BREACH_ACTIONS as readonly string[]).includes(value)
}

type ActionColumns = Pick<
  Tenant,
  'breachActionSignup' | 'breachActionPasswordChange' | 'breachActionLogin'
>

/** The tenant's actions with defaults filled in; an unreadable column counts as unset. */
export function resolveBreachActions(tenant: ActionColumns | null): BreachActions {
  const pick = (value: string | null | undefined, fallback: BreachAction) =>
    isBreachAction(value) ? value : fallback
  return {
    signup: pick(tenant?.breachActionSignup, DEFAULT_BREACH_ACTIONS.signup),
    passwordChange: pick(tenant?.breachActionPasswordChange, DEFAULT_BREACH_ACTIONS.passwordChange),
    login: pick(tenant?.breachActionLogin, DEFAULT_BREACH_ACTIONS.login),
  }
}

export function resolveBreachDigest(tenant: Pick<Tenant, 'breachDigest'> | null): BreachDigestMode {
  const value = tenant?.breachDigest
  return value === 'immediate' || value === 'daily' ? value : 'off'
}

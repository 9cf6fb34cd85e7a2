import type { PolicyDefaults } from '../app/deps.js'
import type { Tenant } from '../tenants/tenant-store.js'

/** The rules one check runs under: service defaults with the tenant's overrides applied. */
export interface EffectivePolicy {
  /** Minimum length in code points after NFKC. */
  minLength: number
  /** Minimum zxcvbn score 0–4. */
  minScore: number
  /** Refuse when the corpus count is at least this; 1 refuses any appearance. */
  breachThreshold: number
  /** The site's own name, refused as a context word; null when the tenant set none. */
  serviceName: string | null
  /** The tenant's choice when the upstream is down; null: the service's PWGUARD setting. */
  upstreamFail: 'open' | 'closed' | null
}

/** The tenant columns the policy reads; a whole `Tenant` row fits. */
export type TenantPolicy = Pick<
  Tenant,
  'minPasswordLength' | 'minStrengthScore' | 'breachCountThreshold' | 'serviceName'
> &
  Partial<Pick<Tenant, 'upstreamFail'>>

/**
 * A tenant column that is null inherits the default. A tenant may lower the minimum length
 * (NIST allows 8 when the password is one factor of MFA) or raise any figure.
 */
export function resolvePolicy(
  defaults: PolicyDefaults,
  tenant: TenantPolicy | null,
): EffectivePolicy {
  return {
    minLength: tenant?.minPasswordLength ?? defaults.minLength,
    minScore: tenant?.minStrengthScore ?? defaults.minScore,
    breachThreshold: tenant?.breachCountThreshold ?? defaults.breachThreshold,
    serviceName: tenant?.serviceName?.trim() || null,
    upstreamFail:
      tenant?.upstreamFail === 'open' || tenant?.upstreamFail === 'closed'
        ? tenant.upstreamFail
        : null,
  }
}

import type { AuditedEntry } from './audited-write.js'
import type { TenantRow } from './tenant-key-store.js'

/** The tenant columns admins set: policy overrides, breach actions, digest, contact point. */
export type TenantSettings = Partial<
  Pick<
    TenantRow,
    | 'minPasswordLength'
    | 'minStrengthScore'
    | 'breachCountThreshold'
    | 'upstreamFail'
    | 'breachActionSignup'
    | 'breachActionPasswordChange'
    | 'breachActionLogin'
    | 'breachDigest'
    | 'contact'
  >
>

/** Port for a tenant's own settings; every change is written with its audit entry, atomically. */
export interface TenantSettingsStore {
  /** Sets the given columns (absent ones are left as they are) and logs `entry` with them. */
  update(tenantId: string, set: TenantSettings, entry: AuditedEntry): Promise<void>
}

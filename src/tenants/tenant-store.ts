import type { TenantRow } from '../store/ports/tenant-key-store.js'

/** A tenant as every feature sees it (the tenants-and-keys port's row). */
export type Tenant = TenantRow

export const DEFAULT_TENANT_ID = 'default'

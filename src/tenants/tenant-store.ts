import type { Database } from '../store/database.js'
import type { TenantRow } from '../store/ports/tenant-key-store.js'
import { createSqliteTenantKeyStore } from '../store/sqlite/sqlite-tenant-key-store.js'

/** A tenant as every feature sees it (the tenants-and-keys port's row). */
export type Tenant = TenantRow

export const DEFAULT_TENANT_ID = 'default'

/**
 * Returns the tenant, or null when it does not exist. On a bare SQLite `db`, for modules not
 * yet on ports; the rest call `stores.tenantKeys.findTenant`.
 */
export async function findTenant(db: Database, id: string): Promise<Tenant | null> {
  return createSqliteTenantKeyStore(db).findTenant(id)
}

/** Creates the tenant if absent (idempotent: a single INSERT ... ON CONFLICT DO NOTHING). */
export async function ensureTenant(
  db: Database,
  tenant: { id: string; name?: string; serviceName?: string | null },
  now: number,
): Promise<Tenant> {
  const row = {
    id: tenant.id,
    name: tenant.name ?? tenant.id,
    serviceName: tenant.serviceName ?? null,
  }
  return createSqliteTenantKeyStore(db).ensureTenant(row, now)
}

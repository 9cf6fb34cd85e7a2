import type { Database } from '../database.js'
import type { TenantRow } from '../ports/tenant-key-store.js'
import { createSqliteTenantKeyStore } from './sqlite-tenant-key-store.js'

// Conveniences over a bare SQLite database for tests, benches and seeding scripts; features go
// through `stores.tenantKeys`.

/**
 * Returns the tenant, or null when it does not exist.
 */
export async function findTenant(db: Database, id: string): Promise<TenantRow | null> {
  return createSqliteTenantKeyStore(db).findTenant(id)
}

/** Creates the tenant if absent (idempotent: a single INSERT ... ON CONFLICT DO NOTHING). */
export async function ensureTenant(
  db: Database,
  tenant: { id: string; name?: string; serviceName?: string | null },
  now: number,
): Promise<TenantRow> {
  const row = {
    id: tenant.id,
    name: tenant.name ?? tenant.id,
    serviceName: tenant.serviceName ?? null,
  }
  return createSqliteTenantKeyStore(db).ensureTenant(row, now)
}

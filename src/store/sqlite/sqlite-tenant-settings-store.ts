import { eq } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { KeyedHash } from '../../crypto/keyed-hash.js'
import type { Database, StoreDriver } from '../database.js'
import type { TenantSettings, TenantSettingsStore } from '../ports/tenant-settings-store.js'
import { tenants } from '../schema.js'
import { sqliteWriteAudited } from './sqlite-audited-write.js'

/**
 * The UPDATE setting a tenant's columns, as a batch item (for modules that still build their
 * own SQLite batch, such as the console's policy page); null when `set` is empty.
 */
export function sqliteTenantUpdate(
  db: Database,
  tenantId: string,
  set: TenantSettings,
): BatchItem<'sqlite'> | null {
  if (Object.keys(set).length === 0) return null
  return db
    .update(tenants)
    .set(set)
    .where(eq(tenants.id, tenantId)) as unknown as BatchItem<'sqlite'>
}

/** Tenant settings on SQLite and D1: the UPDATE and its audit entry in one batch. */
export function createSqliteTenantSettingsStore(
  driver: StoreDriver,
  key: KeyedHash,
): TenantSettingsStore {
  return {
    async update(tenantId, set, entry) {
      const update = sqliteTenantUpdate(driver.db, tenantId, set)
      await sqliteWriteAudited(driver, key, entry, { before: update ? [update] : [] })
    },
  }
}

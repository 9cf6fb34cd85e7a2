import { eq } from 'drizzle-orm'
import type { KeyedHash } from '../../crypto/keyed-hash.js'
import type { PgDatabase } from '../pg-driver-node.js'
import type { TenantSettingsStore } from '../ports/tenant-settings-store.js'
import { tenants } from '../pg-schema.js'
import { pgWriteAudited } from './pg-audited-write.js'

/** Tenant settings on PostgreSQL: the UPDATE and its audit entry in one transaction. */
export function createPgTenantSettingsStore(db: PgDatabase, key: KeyedHash): TenantSettingsStore {
  return {
    async update(tenantId, set, entry) {
      await pgWriteAudited(db, key, entry, async (tx) => {
        if (Object.keys(set).length > 0) {
          await tx.update(tenants).set(set).where(eq(tenants.id, tenantId))
        }
        return true
      })
    },
  }
}

import { and, eq, isNull, like } from 'drizzle-orm'
import type { PgDatabase } from '../pg-driver-node.js'
import type { ApiKeyRow, TenantKeyStore } from '../ports/tenant-key-store.js'
import { apiKeys, tenants } from '../pg-schema.js'
import { pgLoginStatements } from './pg-login-statements.js'

function toApiKeyRow(row: typeof apiKeys.$inferSelect): ApiKeyRow {
  return { ...row, scopes: row.scopes.split(',') }
}

/** Tenants and keys on PostgreSQL: the same single statements as the SQLite adapter. */
export function createPgTenantKeyStore(db: PgDatabase): TenantKeyStore {
  // Every request looks its key and tenant up: prepared once (pg-login-statements.ts).
  const statements = pgLoginStatements(db)
  const findTenant = async (id: string) => {
    const rows = await statements.tenant.execute({ id })
    return rows[0] ?? null
  }
  return {
    findTenant,
    async ensureTenant(tenant, now) {
      await db
        .insert(tenants)
        .values({ ...tenant, createdAt: now })
        .onConflictDoNothing()
      const found = await findTenant(tenant.id)
      if (!found) throw new Error(`tenant ${tenant.id} vanished right after insert`)
      return found
    },
    async insertApiKey(row) {
      await db.insert(apiKeys).values({ ...row, scopes: row.scopes.join(',') })
    },
    async findActiveApiKey(keyHash) {
      const rows = await statements.activeApiKey.execute({ keyHash })
      return rows[0] ? toApiKeyRow(rows[0]) : null
    },
    async hasActiveAdminKey() {
      const rows = await db
        .select({ id: apiKeys.id })
        .from(apiKeys)
        .where(and(like(apiKeys.scopes, '%admin%'), isNull(apiKeys.revokedAt)))
        .limit(1)
      return rows.length > 0
    },
    async listApiKeys(tenantId) {
      const rows = await db.select().from(apiKeys).where(eq(apiKeys.tenantId, tenantId))
      return rows.map(toApiKeyRow)
    },
    async revokeApiKey({ tenantId, id, now }) {
      const rows = await db
        .update(apiKeys)
        .set({ revokedAt: now })
        .where(and(eq(apiKeys.id, id), eq(apiKeys.tenantId, tenantId), isNull(apiKeys.revokedAt)))
        .returning({ id: apiKeys.id })
      return rows.length > 0
    },
  }
}

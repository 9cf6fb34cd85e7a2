import { and, eq, isNull, like, sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Database } from '../database.js'
import type { ApiKeyRow, TenantKeyStore } from '../ports/tenant-key-store.js'
import { apiKeys, tenants } from '../schema.js'

function toApiKeyRow(row: typeof apiKeys.$inferSelect): ApiKeyRow {
  return { ...row, scopes: row.scopes.split(',') }
}

/** Tenants and keys on SQLite: better-sqlite3 on Node and D1 on Workers (same statements). */
export function createSqliteTenantKeyStore(db: Database): TenantKeyStore {
  const findTenant = async (id: string) => {
    const rows = await db.select().from(tenants).where(eq(tenants.id, id)).limit(1)
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
      const rows = await db
        .select()
        .from(apiKeys)
        .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)))
        .limit(1)
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

/** The INSERT storing a key, as a batch item (for callers building their own audited batch). */
export function sqliteApiKeyInsert(db: Database, row: ApiKeyRow): BatchItem<'sqlite'> {
  const values = { ...row, scopes: row.scopes.join(',') }
  return db.insert(apiKeys).values(values) as unknown as BatchItem<'sqlite'>
}

/** Revocation as batch pieces: the condition "the key is active" and the UPDATE. */
export function sqliteApiKeyRevocation(
  db: Database,
  input: { tenantId: string; id: string; now: number },
) {
  const active = and(
    eq(apiKeys.id, input.id),
    eq(apiKeys.tenantId, input.tenantId),
    isNull(apiKeys.revokedAt),
  )
  return {
    active: sql`exists (select 1 from ${apiKeys} where ${active})`,
    update: db.update(apiKeys).set({ revokedAt: input.now }).where(active),
  }
}

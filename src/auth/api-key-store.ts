import { and, eq, isNull, like, sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Database } from '../store/database.js'
import { apiKeys } from '../store/schema.js'
import type { Random } from '../ports/random.js'
import { generateApiKey, hashApiKey } from './api-key.js'
import type { Scope } from './scopes.js'

export interface ApiKeyRecord {
  id: string
  tenantId: string
  scopes: Scope[]
  label: string | null
  createdAt: number
  revokedAt: number | null
}

function toRecord(row: typeof apiKeys.$inferSelect): ApiKeyRecord {
  return {
    id: row.id,
    tenantId: row.tenantId,
    scopes: row.scopes.split(',') as Scope[],
    label: row.label,
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
  }
}

/** Creates a key and returns it in clear text: the only time it is ever visible. */
export async function createApiKey(
  db: Database,
  random: Random,
  input: { tenantId: string; scopes: Scope[]; label?: string | null; now: number },
): Promise<{ key: string; record: ApiKeyRecord }> {
  const { id, key } = generateApiKey(random)
  return { key, record: await storeApiKey(db, { ...input, id, key }) }
}

interface StoredKeyInput {
  id: string
  key: string
  tenantId: string
  scopes: Scope[]
  label?: string | null
  now: number
}

/** Stores a key chosen by the operator (the bootstrap key); only its hash is kept. */
export async function storeApiKey(db: Database, input: StoredKeyInput): Promise<ApiKeyRecord> {
  const { statement, record } = await apiKeyInsert(db, input)
  await (statement as unknown as Promise<unknown>)
  return record
}

/**
 * The INSERT storing a key (its hash only), for a batch that also writes the audit entry.
 * Wrapped in an object: a query builder is thenable and would run if returned bare.
 */
export async function apiKeyInsert(
  db: Database,
  input: StoredKeyInput,
): Promise<{ statement: BatchItem<'sqlite'>; record: ApiKeyRecord }> {
  const row = {
    id: input.id,
    tenantId: input.tenantId,
    keyHash: await hashApiKey(input.key),
    scopes: input.scopes.join(','),
    label: input.label ?? null,
    createdAt: input.now,
    revokedAt: null,
  }
  const statement = db.insert(apiKeys).values(row) as unknown as BatchItem<'sqlite'>
  return { statement, record: toRecord(row) }
}

/** Looks a presented key up by its hash; revoked keys are not found. */
export async function findActiveApiKey(db: Database, key: string): Promise<ApiKeyRecord | null> {
  const rows = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, await hashApiKey(key)), isNull(apiKeys.revokedAt)))
    .limit(1)
  return rows[0] ? toRecord(rows[0]) : null
}

export async function hasActiveAdminKey(db: Database): Promise<boolean> {
  const rows = await db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(and(like(apiKeys.scopes, '%admin%'), isNull(apiKeys.revokedAt)))
    .limit(1)
  return rows.length > 0
}

export async function listApiKeys(db: Database, tenantId: string): Promise<ApiKeyRecord[]> {
  const rows = await db.select().from(apiKeys).where(eq(apiKeys.tenantId, tenantId))
  return rows.map(toRecord)
}

/**
 * Revocation as batch pieces: the condition "the key is active" (for an audit entry written
 * only if it holds) and the UPDATE. Effective at once: keys are never cached.
 */
export function apiKeyRevocation(
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

/** Revokes at once: the next request with the key is refused (keys are never cached). */
export async function revokeApiKey(
  db: Database,
  input: { tenantId: string; id: string; now: number },
): Promise<boolean> {
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: input.now })
    .where(
      and(
        eq(apiKeys.id, input.id),
        eq(apiKeys.tenantId, input.tenantId),
        isNull(apiKeys.revokedAt),
      ),
    )
    .returning({ id: apiKeys.id })
  return rows.length > 0
}

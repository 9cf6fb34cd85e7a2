import type { BatchItem } from 'drizzle-orm/batch'
import type { Database } from '../store/database.js'
import type { ApiKeyRow, TenantKeyStore } from '../store/ports/tenant-key-store.js'
import {
  createSqliteTenantKeyStore,
  sqliteApiKeyInsert,
  sqliteApiKeyRevocation,
} from '../store/sqlite/sqlite-tenant-key-store.js'
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

function toRecord(row: ApiKeyRow): ApiKeyRecord {
  const { id, tenantId, label, createdAt, revokedAt } = row
  return { id, tenantId, scopes: row.scopes as Scope[], label, createdAt, revokedAt }
}

/**
 * The tenants-and-keys port; a bare SQLite `db` (callers not yet on `services.stores`: the
 * scope check, the console, the keys CLI, tests) is read through its adapter.
 */
const keysOf = (source: TenantKeyStore | Database): TenantKeyStore =>
  'findActiveApiKey' in source ? source : createSqliteTenantKeyStore(source)

/** Creates a key and returns it in clear text: the only time it is ever visible. */
export async function createApiKey(
  source: TenantKeyStore | Database,
  random: Random,
  input: { tenantId: string; scopes: Scope[]; label?: string | null; now: number },
): Promise<{ key: string; record: ApiKeyRecord }> {
  const { id, key } = generateApiKey(random)
  return { key, record: await storeApiKey(source, { ...input, id, key }) }
}

interface StoredKeyInput {
  id: string
  key: string
  tenantId: string
  scopes: Scope[]
  label?: string | null
  now: number
}

/** The row a key is stored as: its hash only, never the key. */
export async function apiKeyRow(input: StoredKeyInput): Promise<ApiKeyRow> {
  return {
    id: input.id,
    tenantId: input.tenantId,
    keyHash: await hashApiKey(input.key),
    scopes: input.scopes,
    label: input.label ?? null,
    createdAt: input.now,
    revokedAt: null,
  }
}

/** Stores a key chosen by the operator; only its hash is kept. */
export async function storeApiKey(
  source: TenantKeyStore | Database,
  input: StoredKeyInput,
): Promise<ApiKeyRecord> {
  const row = await apiKeyRow(input)
  await keysOf(source).insertApiKey(row)
  return toRecord(row)
}

/**
 * The INSERT storing a key as a SQLite batch item, for a batch that also writes the audit
 * entry (the console's key page and the keys CLI, not yet on ports).
 */
export async function apiKeyInsert(
  db: Database,
  input: StoredKeyInput,
): Promise<{ statement: BatchItem<'sqlite'>; record: ApiKeyRecord }> {
  const row = await apiKeyRow(input)
  return { statement: sqliteApiKeyInsert(db, row), record: toRecord(row) }
}

/** Looks a presented key up by its hash; revoked keys are not found. */
export async function findActiveApiKey(
  source: TenantKeyStore | Database,
  key: string,
): Promise<ApiKeyRecord | null> {
  const row = await keysOf(source).findActiveApiKey(await hashApiKey(key))
  return row ? toRecord(row) : null
}

export function hasActiveAdminKey(source: TenantKeyStore | Database): Promise<boolean> {
  return keysOf(source).hasActiveAdminKey()
}

export async function listApiKeys(
  source: TenantKeyStore | Database,
  tenantId: string,
): Promise<ApiKeyRecord[]> {
  return (await keysOf(source).listApiKeys(tenantId)).map(toRecord)
}

/**
 * Revocation as SQLite batch pieces: the condition "the key is active" (for an audit entry
 * written only if it holds) and the UPDATE. Effective at once: keys are never cached.
 */
export function apiKeyRevocation(
  db: Database,
  input: { tenantId: string; id: string; now: number },
) {
  return sqliteApiKeyRevocation(db, input)
}

/** Revokes at once: the next request with the key is refused (keys are never cached). */
export function revokeApiKey(
  source: TenantKeyStore | Database,
  input: { tenantId: string; id: string; now: number },
): Promise<boolean> {
  return keysOf(source).revokeApiKey(input)
}

import type { ApiKeyRow, TenantKeyStore } from '../store/ports/tenant-key-store.js'
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

/** Creates a key and returns it in clear text: the only time it is ever visible. */
export async function createApiKey(
  tenantKeys: TenantKeyStore,
  random: Random,
  input: { tenantId: string; scopes: Scope[]; label?: string | null; now: number },
): Promise<{ key: string; record: ApiKeyRecord }> {
  const { id, key } = generateApiKey(random)
  return { key, record: await storeApiKey(tenantKeys, { ...input, id, key }) }
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
  tenantKeys: TenantKeyStore,
  input: StoredKeyInput,
): Promise<ApiKeyRecord> {
  const row = await apiKeyRow(input)
  await tenantKeys.insertApiKey(row)
  return toRecord(row)
}

/** Looks a presented key up by its hash; revoked keys are not found. */
export async function findActiveApiKey(
  tenantKeys: TenantKeyStore,
  key: string,
): Promise<ApiKeyRecord | null> {
  const row = await tenantKeys.findActiveApiKey(await hashApiKey(key))
  return row ? toRecord(row) : null
}

export function hasActiveAdminKey(tenantKeys: TenantKeyStore): Promise<boolean> {
  return tenantKeys.hasActiveAdminKey()
}

export async function listApiKeys(
  tenantKeys: TenantKeyStore,
  tenantId: string,
): Promise<ApiKeyRecord[]> {
  return (await tenantKeys.listApiKeys(tenantId)).map(toRecord)
}

/** Revokes at once: the next request with the key is refused (keys are never cached). */
export function revokeApiKey(
  tenantKeys: TenantKeyStore,
  input: { tenantId: string; id: string; now: number },
): Promise<boolean> {
  return tenantKeys.revokeApiKey(input)
}

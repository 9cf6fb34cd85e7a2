/**
 * Port for the tenants-and-keys aggregate: what the service needs from storage, in its own
 * types, so a feature never names a dialect's table. One adapter per SQL dialect serves every
 * driver of it (src/store/sqlite: better-sqlite3 and D1; src/store/pg: node-postgres).
 */
export interface TenantRow {
  id: string
  name: string
  serviceName: string | null
  minPasswordLength: number | null
  minStrengthScore: number | null
  breachCountThreshold: number | null
  /** 'open' | 'closed': what a check does when the upstream range API is down; null: service. */
  upstreamFail: string | null
  /** Breach actions per moment (block, require_reset, notify, log); null: the service default. */
  breachActionSignup: string | null
  breachActionPasswordChange: string | null
  breachActionLogin: string | null
  /** Admin digest of newly flagged accounts: 'off' (null), 'immediate' or 'daily'. */
  breachDigest: string | null
  /** When the last daily digest was written (ms). */
  breachDigestSentAt: number | null
  /** JSON `{name, email, phone?}` (GDPR Art. 33 contact point). */
  contact: string | null
  createdAt: number
}

export interface ApiKeyRow {
  id: string
  tenantId: string
  /** SHA-256 hex of the whole key; the key itself is never stored. */
  keyHash: string
  scopes: string[]
  label: string | null
  createdAt: number
  revokedAt: number | null
}

export interface TenantKeyStore {
  findTenant(id: string): Promise<TenantRow | null>
  /** Creates the tenant if absent, in one idempotent statement; returns the stored row. */
  ensureTenant(
    tenant: { id: string; name: string; serviceName: string | null },
    now: number,
  ): Promise<TenantRow>
  insertApiKey(row: ApiKeyRow): Promise<void>
  /** The unrevoked key with this hash, or null. */
  findActiveApiKey(keyHash: string): Promise<ApiKeyRow | null>
  hasActiveAdminKey(): Promise<boolean>
  listApiKeys(tenantId: string): Promise<ApiKeyRow[]>
  /** Revokes one key of the tenant; false when absent, of another tenant, or already revoked. */
  revokeApiKey(input: { tenantId: string; id: string; now: number }): Promise<boolean>
}

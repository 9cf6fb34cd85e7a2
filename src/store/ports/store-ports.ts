import type { KeyedHash } from '../../crypto/keyed-hash.js'
import type { AccountStore } from './account-store.js'
import type { ApiKeyAdminStore } from './api-key-admin-store.js'
import type { WrapStore } from './wrap-store.js'
import type { IncidentStore } from './incident-store.js'
import type { ExposureIngestStore } from './exposure-ingest-store.js'
import type { AuditStore } from './audit-store.js'
import type { BootstrapStore } from './bootstrap-store.js'
import type { ConsoleQueryStore } from './console-query-store.js'
import type { ConsoleAuthStore } from './console-auth-store.js'
import type { LegacyVerifyStore } from './legacy-verify-store.js'
import type { TenantKeyStore } from './tenant-key-store.js'
import type { TenantSettingsStore } from './tenant-settings-store.js'
import type { ThrottleStore } from './throttle-store.js'
import type { WebhookOutboxStore } from './webhook-outbox-store.js'
import type { ResetStore } from './reset-store.js'
import type { DigestJobStore } from './digest-job-store.js'
import type { BreachPolicyStore } from './breach-policy-store.js'

/**
 * The store ports built so far. Features move onto these one aggregate at a time;
 * until then they keep using `StoreDriver.db` (SQLite/D1 only).
 */
export interface StorePorts {
  tenantKeys: TenantKeyStore
  throttle: ThrottleStore
  audit: AuditStore
  accounts: AccountStore
  wrap: WrapStore
  outbox: WebhookOutboxStore
  bootstrap: BootstrapStore
  consoleAuth: ConsoleAuthStore
  tenantSettings: TenantSettingsStore
  legacyVerify: LegacyVerifyStore
  resets: ResetStore
  digestJob: DigestJobStore
  breachPolicy: BreachPolicyStore
  incidents: IncidentStore
  exposureIngest: ExposureIngestStore
  consoleQueries: ConsoleQueryStore
  apiKeyAdmin: ApiKeyAdminStore
}

/** What every adapter set needs besides its database. */
export interface StorePortOptions {
  /** Links audit entries (HMAC under a key derived from PWGUARD_SECRET, never stored). */
  auditKey: KeyedHash
}

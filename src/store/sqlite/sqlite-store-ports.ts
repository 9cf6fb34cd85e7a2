import type { StoreDriver } from '../database.js'
import type { StorePortOptions, StorePorts } from '../ports/store-ports.js'
import { createSqliteAccountStore } from './sqlite-account-store.js'
import { createSqliteApiKeyAdminStore } from './sqlite-api-key-admin-store.js'
import { createSqliteWrapStore } from './sqlite-wrap-store.js'
import { createSqliteIncidentStore } from './sqlite-incident-store.js'
import { createSqliteExposureIngestStore } from './sqlite-exposure-ingest-store.js'
import { createSqliteAuditStore } from './sqlite-audit-store.js'
import { createSqliteBootstrapStore } from './sqlite-bootstrap-store.js'
import { createSqliteConsoleQueryStore } from './sqlite-console-query-store.js'
import { createSqliteConsoleAuthStore } from './sqlite-console-auth-store.js'
import { createSqliteLegacyVerifyStore } from './sqlite-legacy-verify-store.js'
import { createSqliteTenantKeyStore } from './sqlite-tenant-key-store.js'
import { createSqliteTenantSettingsStore } from './sqlite-tenant-settings-store.js'
import { createSqliteThrottleStore } from './sqlite-throttle-store.js'
import { createSqliteWebhookOutboxStore } from './sqlite-webhook-outbox-store.js'
import { createSqliteResetStore } from './sqlite-reset-store.js'
import { createSqliteDigestJobStore } from './sqlite-digest-job-store.js'
import { createSqliteBreachPolicyStore } from './sqlite-breach-policy-store.js'

/** The store ports over a SQLite drizzle database (better-sqlite3 or D1). */
export function createSqliteStorePorts(driver: StoreDriver, options: StorePortOptions): StorePorts {
  return {
    tenantKeys: createSqliteTenantKeyStore(driver.db),
    throttle: createSqliteThrottleStore(driver.db),
    audit: createSqliteAuditStore(driver, options.auditKey),
    accounts: createSqliteAccountStore(driver, options.auditKey),
    wrap: createSqliteWrapStore(driver.db),
    outbox: createSqliteWebhookOutboxStore(driver, options.auditKey),
    bootstrap: createSqliteBootstrapStore(driver, options.auditKey),
    consoleAuth: createSqliteConsoleAuthStore(driver, options.auditKey),
    tenantSettings: createSqliteTenantSettingsStore(driver, options.auditKey),
    legacyVerify: createSqliteLegacyVerifyStore(driver, options.auditKey),
    resets: createSqliteResetStore(driver, options.auditKey),
    digestJob: createSqliteDigestJobStore(driver),
    breachPolicy: createSqliteBreachPolicyStore(driver),
    incidents: createSqliteIncidentStore(driver, options.auditKey),
    exposureIngest: createSqliteExposureIngestStore(driver, options.auditKey),
    consoleQueries: createSqliteConsoleQueryStore(driver.db),
    apiKeyAdmin: createSqliteApiKeyAdminStore(driver, options.auditKey),
  }
}

import type { PgDatabase } from '../pg-driver-node.js'
import type { StorePortOptions, StorePorts } from '../ports/store-ports.js'
import { createPgAccountStore } from './pg-account-store.js'
import { createPgApiKeyAdminStore } from './pg-api-key-admin-store.js'
import { createPgWrapStore } from './pg-wrap-store.js'
import { createPgIncidentStore } from './pg-incident-store.js'
import { createPgExposureIngestStore } from './pg-exposure-ingest-store.js'
import { createPgAuditStore } from './pg-audit-store.js'
import { createPgBootstrapStore } from './pg-bootstrap-store.js'
import { createPgConsoleQueryStore } from './pg-console-query-store.js'
import { createPgConsoleAuthStore } from './pg-console-auth-store.js'
import { createPgLegacyVerifyStore } from './pg-legacy-verify-store.js'
import { createPgTenantKeyStore } from './pg-tenant-key-store.js'
import { createPgTenantSettingsStore } from './pg-tenant-settings-store.js'
import { createPgThrottleStore } from './pg-throttle-store.js'
import { createPgWebhookOutboxStore } from './pg-webhook-outbox-store.js'
import { createPgResetStore } from './pg-reset-store.js'
import { createPgDigestJobStore } from './pg-digest-job-store.js'
import { createPgBreachPolicyStore } from './pg-breach-policy-store.js'

/** The store ports over PostgreSQL. */
export function createPgStorePorts(db: PgDatabase, options: StorePortOptions): StorePorts {
  return {
    tenantKeys: createPgTenantKeyStore(db),
    throttle: createPgThrottleStore(db),
    audit: createPgAuditStore(db, options.auditKey),
    accounts: createPgAccountStore(db, options.auditKey),
    wrap: createPgWrapStore(db),
    outbox: createPgWebhookOutboxStore(db, options.auditKey),
    bootstrap: createPgBootstrapStore(db, options.auditKey),
    consoleAuth: createPgConsoleAuthStore(db, options.auditKey),
    tenantSettings: createPgTenantSettingsStore(db, options.auditKey),
    legacyVerify: createPgLegacyVerifyStore(db, options.auditKey),
    resets: createPgResetStore(db, options.auditKey),
    digestJob: createPgDigestJobStore(db),
    breachPolicy: createPgBreachPolicyStore(db),
    incidents: createPgIncidentStore(db, options.auditKey),
    exposureIngest: createPgExposureIngestStore(db, options.auditKey),
    consoleQueries: createPgConsoleQueryStore(db),
    apiKeyAdmin: createPgApiKeyAdminStore(db, options.auditKey),
  }
}

import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core'

/**
 * The PostgreSQL mirror of src/store/schema.ts (SQLite), table for table and column for column,
 * so `pwguard db copy` can move rows over unchanged. Timestamps stay integer milliseconds since
 * the epoch (UTC): `bigint` in number mode, because they pass 2^31 and stay below 2^53.
 * A change to schema.ts needs the same change here and `npm run db:generate:pg`.
 */
const millis = (name: string) => bigint(name, { mode: 'number' })

export const tenants = pgTable('tenants', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  serviceName: text('service_name'),
  minPasswordLength: integer('min_password_length'),
  minStrengthScore: integer('min_strength_score'),
  breachCountThreshold: integer('breach_count_threshold'),
  upstreamFail: text('upstream_fail'),
  breachActionSignup: text('breach_action_signup'),
  breachActionPasswordChange: text('breach_action_password_change'),
  breachActionLogin: text('breach_action_login'),
  breachDigest: text('breach_digest'),
  breachDigestSentAt: millis('breach_digest_sent_at'),
  contact: text('contact'),
  createdAt: millis('created_at').notNull(),
})

export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    keyHash: text('key_hash').notNull().unique(),
    scopes: text('scopes').notNull(),
    label: text('label'),
    createdAt: millis('created_at').notNull(),
    revokedAt: millis('revoked_at'),
  },
  (table) => [index('api_keys_tenant').on(table.tenantId)],
)

export const accounts = pgTable(
  'accounts',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    externalId: text('external_id').notNull(),
    emailIndex: text('email_index'),
    passwordHash: text('password_hash').notNull(),
    scheme: text('scheme').notNull(),
    importFingerprint: text('import_fingerprint'),
    importedAt: millis('imported_at'),
    mustReset: boolean('must_reset').notNull().default(false),
    resetReasons: text('reset_reasons').notNull().default('[]'),
    createdAt: millis('created_at').notNull(),
    updatedAt: millis('updated_at').notNull(),
    passwordChangedAt: millis('password_changed_at'),
    lastLoginAt: millis('last_login_at'),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.externalId] }),
    uniqueIndex('accounts_email_unique').on(table.tenantId, table.emailIndex),
    index('accounts_scheme').on(table.tenantId, table.scheme),
    index('accounts_must_reset').on(table.tenantId, table.mustReset),
  ],
)

export const loginThrottle = pgTable(
  'login_throttle',
  {
    tenantId: text('tenant_id').notNull(),
    subject: text('subject').notNull(),
    failures: integer('failures').notNull().default(0),
    lastFailureAt: millis('last_failure_at').notNull(),
    blockedUntil: millis('blocked_until').notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.subject] })],
)

export const resetTokens = pgTable(
  'reset_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    externalId: text('external_id').notNull(),
    reason: text('reason').notNull(),
    createdAt: millis('created_at').notNull(),
    expiresAt: millis('expires_at').notNull(),
    usedAt: millis('used_at'),
  },
  (table) => [index('reset_tokens_account').on(table.tenantId, table.externalId)],
)

export const accountExposures = pgTable(
  'account_exposures',
  {
    tenantId: text('tenant_id').notNull(),
    incidentId: text('incident_id').notNull(),
    externalId: text('external_id').notNull(),
    passwordMatch: boolean('password_match').notNull().default(false),
    matchVia: integer('match_via').notNull().default(0),
    createdAt: millis('created_at').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.incidentId, table.externalId] }),
    index('account_exposures_account').on(table.tenantId, table.externalId),
  ],
)

export const incidents = pgTable(
  'incidents',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    occurredAt: millis('occurred_at'),
    detectedAt: millis('detected_at').notNull(),
    dataClasses: text('data_classes').notNull(),
    source: text('source'),
    notifyAuthorityBy: millis('notify_authority_by').notNull(),
    authorityNotifiedAt: millis('authority_notified_at'),
    createdAt: millis('created_at').notNull(),
  },
  (table) => [index('incidents_tenant').on(table.tenantId, table.createdAt)],
)

export const exposureRecords = pgTable(
  'exposure_records',
  {
    tenantId: text('tenant_id').notNull(),
    incidentId: text('incident_id').notNull(),
    recordKey: text('record_key').notNull(),
    externalId: text('external_id'),
    passwordMatch: boolean('password_match').notNull().default(false),
    matchVia: integer('match_via').notNull().default(0),
    digestPending: boolean('digest_pending').notNull().default(false),
    passwordAdded: boolean('password_added').notNull().default(false),
    createdAt: millis('created_at').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.incidentId, table.recordKey] }),
    index('exposure_records_digest_pending')
      .on(table.tenantId, table.incidentId)
      .where(sql`${table.digestPending}`),
  ],
)

export const digestJobs = pgTable(
  'digest_jobs',
  {
    tenantId: text('tenant_id').notNull(),
    incidentId: text('incident_id').notNull(),
    candidates: integer('candidates').notNull().default(0),
    checked: integer('checked').notNull().default(0),
    matched: integer('matched').notNull().default(0),
    busyMs: millis('busy_ms').notNull().default(0),
    startedAt: millis('started_at').notNull(),
    updatedAt: millis('updated_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.incidentId] })],
)

export const webhooks = pgTable('webhooks', {
  tenantId: text('tenant_id').primaryKey(),
  url: text('url').notNull(),
  sealedSecret: text('sealed_secret').notNull(),
  createdAt: millis('created_at').notNull(),
  updatedAt: millis('updated_at').notNull(),
})

export const webhookOutbox = pgTable(
  'webhook_outbox',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    type: text('type').notNull(),
    payload: text('payload').notNull(),
    createdAt: millis('created_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: millis('next_attempt_at').notNull(),
    deliveredAt: millis('delivered_at'),
    lastError: text('last_error'),
    failedAt: millis('failed_at'),
    incidentId: text('incident_id'),
  },
  (table) => [
    index('webhook_outbox_due').on(table.deliveredAt, table.nextAttemptAt),
    // Covers the incident page's status counts: an index-only scan, no table rows read.
    index('webhook_outbox_incident').on(
      table.tenantId,
      table.incidentId,
      table.deliveredAt,
      table.failedAt,
    ),
  ],
)

export const auditLog = pgTable(
  'audit_log',
  {
    tenantId: text('tenant_id').notNull(),
    seq: integer('seq').notNull(),
    at: millis('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    target: text('target'),
    details: text('details').notNull().default('{}'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    keyed: boolean('keyed').notNull().default(false),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.seq] })],
)

export const serviceMarkers = pgTable('service_markers', {
  name: text('name').primaryKey(),
  value: text('value'),
  at: millis('at').notNull(),
})

export const legacyVerifyEndpoints = pgTable('legacy_verify_endpoints', {
  tenantId: text('tenant_id').primaryKey(),
  url: text('url').notNull(),
  sealedSecret: text('sealed_secret').notNull(),
  timeoutMs: integer('timeout_ms').notNull(),
  createdAt: millis('created_at').notNull(),
  updatedAt: millis('updated_at').notNull(),
})

export const breachFlags = pgTable(
  'breach_flags',
  {
    tenantId: text('tenant_id').notNull(),
    externalId: text('external_id').notNull(),
    passwordEpoch: millis('password_epoch').notNull(),
    moment: text('moment').notNull(),
    action: text('action').notNull(),
    breachCount: integer('breach_count').notNull(),
    flaggedAt: millis('flagged_at').notNull(),
    digestedAt: millis('digested_at'),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.externalId, table.passwordEpoch] }),
    index('breach_flags_digest').on(table.tenantId, table.digestedAt),
  ],
)

export const consoleUsers = pgTable(
  'console_users',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    emailIndex: text('email_index').notNull(),
    passwordHash: text('password_hash').notNull(),
    sealedTotpSecret: text('sealed_totp_secret').notNull(),
    totpLastStep: bigint('totp_last_step', { mode: 'number' }).notNull().default(0),
    createdAt: millis('created_at').notNull(),
    lastLoginAt: millis('last_login_at'),
  },
  (table) => [uniqueIndex('console_users_email').on(table.tenantId, table.emailIndex)],
)

export const consoleSessions = pgTable(
  'console_sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userId: text('user_id').notNull(),
    tenantId: text('tenant_id').notNull(),
    createdAt: millis('created_at').notNull(),
    lastSeenAt: millis('last_seen_at').notNull(),
  },
  (table) => [index('console_sessions_user').on(table.userId)],
)

export const incidentCounters = pgTable(
  'incident_counters',
  {
    tenantId: text('tenant_id').notNull(),
    incidentId: text('incident_id').notNull(),
    records: integer('records').notNull().default(0),
    unmatchedRecords: integer('unmatched_records').notNull().default(0),
    passwordsBlocked: integer('passwords_blocked').notNull().default(0),
    accountsExposed: integer('accounts_exposed').notNull().default(0),
    passwordMatches: integer('password_matches').notNull().default(0),
    matchesPlaintext: integer('matches_plaintext').notNull().default(0),
    matchesHashString: integer('matches_hash_string').notNull().default(0),
    matchesDigest: integer('matches_digest').notNull().default(0),
    resetsForced: integer('resets_forced').notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.incidentId] })],
)

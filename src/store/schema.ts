import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

/**
 * The service's own tables: one drizzle schema for SQLite on Node and D1 on Workers.
 * Timestamps are integer milliseconds since the epoch (UTC). The breach corpus is not here:
 * it lives in its own artefact files (see src/breach/corpus).
 */
export const tenants = sqliteTable('tenants', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** The site's own name; passwords containing it are refused (context words). */
  serviceName: text('service_name'),
  /** Per-tenant policy overrides; null means the service default. */
  minPasswordLength: integer('min_password_length'),
  minStrengthScore: integer('min_strength_score'),
  breachCountThreshold: integer('breach_count_threshold'),
  /** 'open' | 'closed': what a check does when the upstream range API is down; null: service. */
  upstreamFail: text('upstream_fail'),
  /** Breach actions per moment (block, require_reset, notify, log); null: the service default. */
  breachActionSignup: text('breach_action_signup'),
  breachActionPasswordChange: text('breach_action_password_change'),
  breachActionLogin: text('breach_action_login'),
  /** Admin digest of newly flagged accounts: 'off' (null), 'immediate' or 'daily'. */
  breachDigest: text('breach_digest'),
  /** When the last daily digest was written (ms); the next is due 24 h later. */
  breachDigestSentAt: integer('breach_digest_sent_at'),
  /** JSON `{name, email, phone?}`: the contact point named in GDPR Art. 33 reports. */
  contact: text('contact'),
  createdAt: integer('created_at').notNull(),
})

export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    /** SHA-256 of the whole key: keys are 256-bit random, so a fast hash is enough. */
    keyHash: text('key_hash').notNull().unique(),
    scopes: text('scopes').notNull(),
    label: text('label'),
    createdAt: integer('created_at').notNull(),
    revokedAt: integer('revoked_at'),
  },
  (table) => [index('api_keys_tenant').on(table.tenantId)],
)

export const accounts = sqliteTable(
  'accounts',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    externalId: text('external_id').notNull(),
    /**
     * Blind index of the normalized e-mail under PWGUARD_SECRET: matchable, not readable.
     * `v2:` + HMAC over tenant id and address; older rows may hold v1 (bare hex, address only).
     * Unique per tenant (NULLs do not collide).
     */
    emailIndex: text('email_index'),
    passwordHash: text('password_hash').notNull(),
    scheme: text('scheme').notNull(),
    /**
     * HMAC of the hash string as last imported. Re-importing the same legacy hash after a login
     * upgraded it must not bring the weak hash back, so an import whose fingerprint matches
     * leaves the account alone.
     */
    importFingerprint: text('import_fingerprint'),
    /**
     * When `importFingerprint` was last written (the import that set the current hash). The
     * fingerprint vouches for the current password only if no password change came after it.
     */
    importedAt: integer('imported_at'),
    mustReset: integer('must_reset', { mode: 'boolean' }).notNull().default(false),
    /** JSON array of reason codes, e.g. ["password_breached"]. */
    resetReasons: text('reset_reasons').notNull().default('[]'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    passwordChangedAt: integer('password_changed_at'),
    lastLoginAt: integer('last_login_at'),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.externalId] }),
    uniqueIndex('accounts_email_unique').on(table.tenantId, table.emailIndex),
    index('accounts_scheme').on(table.tenantId, table.scheme),
    // The console overview counts flagged accounts on every render (100 k accounts: a scan).
    index('accounts_must_reset').on(table.tenantId, table.mustReset),
  ],
)

/** Failed-login counters per account and per end-user IP, for NIST-style throttling. */
export const loginThrottle = sqliteTable(
  'login_throttle',
  {
    tenantId: text('tenant_id').notNull(),
    /** `account:<externalId>` or `ip:<address>`. */
    subject: text('subject').notNull(),
    failures: integer('failures').notNull().default(0),
    lastFailureAt: integer('last_failure_at').notNull(),
    blockedUntil: integer('blocked_until').notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.subject] })],
)

/** One-time password-reset tokens; only an HMAC of the token is stored. */
export const resetTokens = sqliteTable(
  'reset_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    externalId: text('external_id').notNull(),
    reason: text('reason').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    usedAt: integer('used_at'),
  },
  (table) => [index('reset_tokens_account').on(table.tenantId, table.externalId)],
)

/** Which accounts an incident exposed (filled by exposure ingest; one row per account). */
export const accountExposures = sqliteTable(
  'account_exposures',
  {
    tenantId: text('tenant_id').notNull(),
    incidentId: text('incident_id').notNull(),
    externalId: text('external_id').notNull(),
    /** The exposed plaintext matched the account's password at ingest time. */
    passwordMatch: integer('password_match', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at').notNull(),
    /** How the match was proved, a bit set (MATCH_VIA): 1 plaintext, 2 hash string, 4 digest. */
    matchVia: integer('match_via').notNull().default(0),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.incidentId, table.externalId] }),
    index('account_exposures_account').on(table.tenantId, table.externalId),
  ],
)

/** A breach the tenant registered (GDPR Art. 33: the 72-hour clock starts at detectedAt). */
export const incidents = sqliteTable(
  'incidents',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    occurredAt: integer('occurred_at'),
    detectedAt: integer('detected_at').notNull(),
    /** JSON array from the documented data-class vocabulary. */
    dataClasses: text('data_classes').notNull(),
    source: text('source'),
    notifyAuthorityBy: integer('notify_authority_by').notNull(),
    /** When the tenant told us it notified the supervisory authority (Art. 33); null: not yet. */
    authorityNotifiedAt: integer('authority_notified_at'),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [index('incidents_tenant').on(table.tenantId, table.createdAt)],
)

/**
 * One row per distinct exposure record ingested, keyed by an HMAC of its normalized content,
 * so re-ingesting the same file changes nothing. Holds no e-mail, password or digest.
 */
export const exposureRecords = sqliteTable(
  'exposure_records',
  {
    tenantId: text('tenant_id').notNull(),
    incidentId: text('incident_id').notNull(),
    recordKey: text('record_key').notNull(),
    externalId: text('external_id'),
    passwordMatch: integer('password_match', { mode: 'boolean' }).notNull().default(false),
    passwordAdded: integer('password_added', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at').notNull(),
    /** How the record proved a password match (bit set, as account_exposures.match_via). */
    matchVia: integer('match_via').notNull().default(0),
    /**
     * The record's digest still has to be verified against the account's wrapped hash (one
     * argon2 verify, by the digest job). The digest itself is never stored: re-ingesting the
     * list hands it to the job again, which is how the job resumes after a restart.
     */
    digestPending: integer('digest_pending', { mode: 'boolean' }).notNull().default(false),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.incidentId, table.recordKey] }),
    // Partial: only the few records waiting for the job are indexed, not every ingested one.
    index('exposure_records_digest_pending')
      .on(table.tenantId, table.incidentId)
      .where(sql`${table.digestPending} = 1`),
  ],
)

/** Progress of an incident's wrapped-digest job (one argon2 verify per candidate). */
export const digestJobs = sqliteTable(
  'digest_jobs',
  {
    tenantId: text('tenant_id').notNull(),
    incidentId: text('incident_id').notNull(),
    /** Candidates ever queued, verified so far, and verified as the account's password. */
    candidates: integer('candidates').notNull().default(0),
    checked: integer('checked').notNull().default(0),
    matched: integer('matched').notNull().default(0),
    /** argon2 verifies done and the wall time they took, for the throughput figure. */
    busyMs: integer('busy_ms').notNull().default(0),
    startedAt: integer('started_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.incidentId] })],
)

/** Per-tenant webhook endpoint. The secret is sealed (AES-GCM under PWGUARD_SECRET). */
export const webhooks = sqliteTable('webhooks', {
  tenantId: text('tenant_id').primaryKey(),
  url: text('url').notNull(),
  sealedSecret: text('sealed_secret').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
})

/**
 * Transactional outbox: an event row is written in the same batch as the change it reports,
 * then delivered with retries. The id doubles as the receiver's idempotency key.
 */
export const webhookOutbox = sqliteTable(
  'webhook_outbox',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    type: text('type').notNull(),
    payload: text('payload').notNull(),
    createdAt: integer('created_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    deliveredAt: integer('delivered_at'),
    lastError: text('last_error'),
    /** Set when retries gave up (about 3 days); the row is kept for inspection and replay. */
    failedAt: integer('failed_at'),
    /** `data.incidentId` of the event, if any: the incident page reads its events by index. */
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

/**
 * Hash-chained audit log, one chain per tenant: each entry carries the previous entry's hash.
 * `keyed` entries are linked by HMAC-SHA-256 under a key derived from PWGUARD_SECRET (never
 * stored here); entries written before the upgrade have plain SHA-256 links (`keyed` 0).
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    tenantId: text('tenant_id').notNull(),
    seq: integer('seq').notNull(),
    at: integer('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    target: text('target'),
    details: text('details').notNull().default('{}'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    keyed: integer('keyed', { mode: 'boolean' }).notNull().default(false),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.seq] })],
)

/**
 * One-time facts about this database, such as "the bootstrap admin key was stored": written
 * once, never updated, so a later start-up can tell it must not do the thing again.
 */
export const serviceMarkers = sqliteTable('service_markers', {
  name: text('name').primaryKey(),
  /** An id the marker refers to (e.g. the bootstrap key's id); never a secret. */
  value: text('value'),
  at: integer('at').notNull(),
})

/**
 * A tenant's legacy verify endpoint (first-login import for accounts imported without a hash).
 * The signing secret is sealed like the webhook secret, under its own associated data.
 */
export const legacyVerifyEndpoints = sqliteTable('legacy_verify_endpoints', {
  tenantId: text('tenant_id').primaryKey(),
  url: text('url').notNull(),
  sealedSecret: text('sealed_secret').notNull(),
  timeoutMs: integer('timeout_ms').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
})

/**
 * Accounts whose password was found breached, once per password (`password_epoch`: when it was
 * set), for the admin digest. `digested_at` is set when a digest event carried the row.
 */
export const breachFlags = sqliteTable(
  'breach_flags',
  {
    tenantId: text('tenant_id').notNull(),
    externalId: text('external_id').notNull(),
    passwordEpoch: integer('password_epoch').notNull(),
    /** signup | password_change | login */
    moment: text('moment').notNull(),
    action: text('action').notNull(),
    breachCount: integer('breach_count').notNull(),
    flaggedAt: integer('flagged_at').notNull(),
    digestedAt: integer('digested_at'),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.externalId, table.passwordEpoch] }),
    index('breach_flags_digest').on(table.tenantId, table.digestedAt),
  ],
)

/**
 * People who sign in to /console, one tenant each. The e-mail is kept only as its blind index;
 * the TOTP secret is sealed (AES-GCM under PWGUARD_SECRET) because it must be read to verify.
 */
export const consoleUsers = sqliteTable(
  'console_users',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    emailIndex: text('email_index').notNull(),
    passwordHash: text('password_hash').notNull(),
    sealedTotpSecret: text('sealed_totp_secret').notNull(),
    /** The last TOTP time step accepted: a code is never accepted twice (RFC 6238 §5.2). */
    totpLastStep: integer('totp_last_step').notNull().default(0),
    createdAt: integer('created_at').notNull(),
    lastLoginAt: integer('last_login_at'),
  },
  (table) => [uniqueIndex('console_users_email').on(table.tenantId, table.emailIndex)],
)

/** Console sessions; the cookie holds the id, the table only its SHA-256. */
export const consoleSessions = sqliteTable(
  'console_sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userId: text('user_id').notNull(),
    tenantId: text('tenant_id').notNull(),
    createdAt: integer('created_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
  },
  (table) => [index('console_sessions_user').on(table.userId)],
)

/**
 * An incident's figures kept as counters, moved by the same atomic batch as the rows they
 * count (ingest, the digest job, forced resets) with `n = n + delta` computed inside the
 * statement, so concurrent writers cannot lose or double an update. The console reads them
 * instead of counting a 300 k-record incident on every render. Column order matters: the
 * delta statements insert SELECT output positionally (incidents/counter-deltas.ts).
 */
export const incidentCounters = sqliteTable(
  'incident_counters',
  {
    tenantId: text('tenant_id').notNull(),
    incidentId: text('incident_id').notNull(),
    records: integer('records').notNull().default(0),
    unmatchedRecords: integer('unmatched_records').notNull().default(0),
    passwordsBlocked: integer('passwords_blocked').notNull().default(0),
    accountsExposed: integer('accounts_exposed').notNull().default(0),
    passwordMatches: integer('password_matches').notNull().default(0),
    /** Accounts by strongest proof, as the report counts them (plaintext, hash string, digest). */
    matchesPlaintext: integer('matches_plaintext').notNull().default(0),
    matchesHashString: integer('matches_hash_string').notNull().default(0),
    matchesDigest: integer('matches_digest').notNull().default(0),
    /** Distinct accounts with a reset token this incident forced. */
    resetsForced: integer('resets_forced').notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.incidentId] })],
)

import type { LiveCorpus } from '../breach/live/live-corpus.js'
import type { UpstreamRangeClient } from '../breach/upstream/upstream-range-client.js'
import type { HashPrimitives } from '../hashing/hash-primitives.js'
import type { PasswordHasher } from '../hashing/password-hasher.js'
import type { Clock } from '../ports/clock.js'
import type { Logger } from '../ports/logger.js'
import type { AppMetrics, ReadinessProbe } from '../meta/fleet-ports.js'
import type { ApiReferenceAssets } from '../meta/docs/api-reference-assets.js'
import type { Random } from '../ports/random.js'
import type { StorePorts } from '../store/ports/store-ports.js'
import type { WebhookSender } from '../webhooks/webhook-sender.js'

/** Service-wide policy defaults; tenants may override some of them. */
export interface PolicyDefaults {
  /** Minimum length in code points after NFKC (NIST: 15 without MFA). */
  minLength: number
  /** Minimum zxcvbn score 0–4. */
  minScore: number
  /** Refuse when the corpus count is at least this (1: any appearance). */
  breachThreshold: number
}

export interface AppSettings {
  /** Whether GET /range needs no key (HIBP's own API is public). */
  rangePublic: boolean
  /** Origins allowed to load the signup widget (`*`: any); `*` when absent. */
  corsOrigins?: readonly string[]
  maxBodyBytes: number
  maxImportBytes: number
  policy: PolicyDefaults
  /**
   * Distinct passwords one tenant's incident lists may add to its own breach additions
   * (default 1,000,000; PWGUARD_TENANT_CORPUS_QUOTA).
   */
  tenantCorpusQuota?: number
  /**
   * argon2 verifies the incident digest job keeps in flight on the shared pool (default 2;
   * the Node entry uses the pool size, so the job runs at the argon2 bound when no one logs in).
   */
  digestJobConcurrency?: number
  /** Keys the e-mail blind index and reset tokens. At least 32 bytes. */
  secret: Uint8Array
  /**
   * CPU-milliseconds of hashing per minute one API key may trigger through /v1/hashes/verify
   * (a key must not buy unbounded CPU with costly legacy hashes); beyond it, 429 `verify_budget_exhausted`. Default 30,000 (half a core).
   */
  verifyCpuMsPerMinute?: number
  /**
   * PWGUARD_WEBHOOK_ALLOWED_HOSTS: hostnames and CIDRs webhooks may reach although they are
   * internal (and over plain http). Absent or empty: only public https targets.
   */
  webhookAllowedHosts?: readonly string[]
  /**
   * Failed logins and password changes take at least this long (ms), on top of the floor
   * learned from the slowest recent failures. Default 0: the learned floor only.
   */
  loginFailureFloorMs?: number
  /** Learn the floor from measured failures (default true; tests not about timing turn it off). */
  loginFailureFloorAdaptive?: boolean
}

/** Everything the app needs, built by an entry (Node, Worker) or a test. */
export interface AppDeps {
  settings: AppSettings
  /**
   * The store ports, one per aggregate: the SQLite adapters (better-sqlite3 on Node, D1 on
   * Workers) or the PostgreSQL ones, chosen by the entry. Features see nothing else of the
   * database.
   */
  stores: StorePorts
  /**
   * The built corpus with the passwords incidents exposed since merged in (createLiveCorpus).
   * The entry wraps it once, so the app, its incident ingest and the Node range fast path share
   * one view and see an exposure at once.
   */
  corpus: LiveCorpus
  /** HIBP-compatible upstream asked after the local corpus; absent when not configured. */
  upstream?: UpstreamRangeClient
  hasher: PasswordHasher
  /** bcrypt and argon2 verification for imported legacy hashes (native on Node). */
  hashPrimitives: HashPrimitives
  clock: Clock
  random: Random
  logger: Logger
  /**
   * Delivers signed webhook events. Node entries pass the resolving, address-pinning sender;
   * absent, the global-fetch sender with the URL rules only (what Workers use).
   */
  webhookSender?: WebhookSender
  /** Request metrics and GET /metrics; absent: no metrics kept and /metrics is 404. */
  metrics?: AppMetrics
  /** Checks /ready adds to its own (database, corpus): migrations applied, draining. */
  readiness?: ReadinessProbe
  /** Scalar's bundle for the interactive /docs; absent: /docs links to /openapi.json only. */
  apiReference?: ApiReferenceAssets
}

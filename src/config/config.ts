import { z } from 'zod'
import { parseWebhookAllowList, splitAllowedHosts } from '../webhooks/webhook-allow-list.js'

/**
 * The Node entry's configuration, parsed once from the environment. Nothing else reads
 * `process.env`: this object is passed down.
 */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
  HOST: z.string().default('0.0.0.0'),
  PWGUARD_DB: z.string().default('data/pwguard.db'),
  PWGUARD_CORPUS: z.string().default('data/corpus'),
  PWGUARD_BOOTSTRAP_KEY: z.string().min(16).optional(),
  PWGUARD_SECRET: z.string().min(32).optional(),
  PWGUARD_UPSTREAM_RANGE_URL: z.url().optional(),
  PWGUARD_UPSTREAM_TIMEOUT_MS: z.coerce.number().int().positive().default(2_000),
  PWGUARD_UPSTREAM_FAIL: z.enum(['open', 'closed']).default('open'),
  PWGUARD_UPSTREAM_CACHE_TTL_S: z.coerce.number().int().nonnegative().default(3_600),
  PWGUARD_RANGE_PUBLIC: z.enum(['true', 'false']).default('true'),
  // Comma-separated origins allowed to load the signup widget; `*` (any) like HIBP's ranges.
  PWGUARD_CORS_ORIGINS: z.string().default('*'),
  PWGUARD_FILTER_FPR: z.coerce.number().gt(0).lt(1).default(0.001),
  PWGUARD_CORPUS_FILTER: z.enum(['on', 'off']).default('on'),
  PWGUARD_MIN_LENGTH: z.coerce.number().int().min(1).max(64).default(15),
  PWGUARD_MIN_SCORE: z.coerce.number().int().min(0).max(4).default(3),
  PWGUARD_BREACH_THRESHOLD: z.coerce.number().int().min(1).default(1),
  PWGUARD_ARGON2_MEMORY_KIB: z.coerce.number().int().min(8_192).max(1_048_576).default(19_456),
  PWGUARD_ARGON2_ITERATIONS: z.coerce.number().int().min(1).max(10).default(2),
  PWGUARD_ARGON2_PARALLELISM: z.coerce.number().int().min(1).max(16).default(1),
  PWGUARD_ARGON2_MAX_CONCURRENT: z.coerce.number().int().min(1).max(256).optional(),
  PWGUARD_ARGON2_MAX_QUEUE: z.coerce.number().int().min(0).max(100_000).default(64),
  PWGUARD_ARGON2_MAX_QUEUE_PER_TENANT: z.coerce.number().int().min(1).max(100_000).optional(),
  PWGUARD_VERIFY_CPU_MS_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(100)
    .max(10_000_000)
    .default(30_000),
  PWGUARD_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .default(64 * 1024),
  PWGUARD_MAX_IMPORT_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .default(256 * 1024 * 1024),
  PWGUARD_LOGIN_FLOOR_MS: z.coerce.number().int().min(0).max(10_000).default(0),
  PWGUARD_TENANT_CORPUS_QUOTA: z.coerce.number().int().min(0).default(1_000_000),
  PWGUARD_LOG: z.enum(['info', 'silent']).default('info'),
  PWGUARD_WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((text, ctx) => {
      const hosts = splitAllowedHosts(text)
      try {
        parseWebhookAllowList(hosts)
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message })
      }
      return hosts
    }),
  // PostgreSQL instead of the SQLite file, for many instances sharing one database; every aggregate has a PostgreSQL adapter (src/store/pg).
  PWGUARD_DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' })
    .optional(),
  PWGUARD_DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1_000).default(10),
  // The live breach additions' own PostgreSQL database (never the main one: it holds fast
  // unsalted digests); shared by every instance. Unset: the `<corpus>.live.sqlite` file.
  PWGUARD_LIVE_DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' })
    .optional(),
  // Bearer token for GET /metrics; absent, /metrics answers 404 (security: no open metrics).
  PWGUARD_METRICS_TOKEN: z.string().min(16).optional(),
  PWGUARD_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
})

export type NodeConfig = ReturnType<typeof parseConfig>

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/**
 * What the runtime says about its host, for defaults: the Node entries pass
 * `availableParallelism()`; the Worker runs one hash at a time whatever this says.
 */
export interface HostFacts {
  cores: number
}

export function parseConfig(
  env: Record<string, string | undefined>,
  host: HostFacts = { cores: 1 },
) {
  const result = envSchema.safeParse(env)
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
    throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`)
  }
  const env_ = result.data
  return {
    port: env_.PORT,
    host: env_.HOST,
    dbFile: env_.PWGUARD_DB,
    corpusDir: env_.PWGUARD_CORPUS,
    bootstrapKey: env_.PWGUARD_BOOTSTRAP_KEY ?? null,
    secret: env_.PWGUARD_SECRET ?? null,
    upstream: env_.PWGUARD_UPSTREAM_RANGE_URL
      ? {
          url: env_.PWGUARD_UPSTREAM_RANGE_URL,
          timeoutMs: env_.PWGUARD_UPSTREAM_TIMEOUT_MS,
          failMode: env_.PWGUARD_UPSTREAM_FAIL,
          cacheTtlMs: env_.PWGUARD_UPSTREAM_CACHE_TTL_S * 1000,
        }
      : null,
    rangePublic: env_.PWGUARD_RANGE_PUBLIC === 'true',
    corsOrigins: env_.PWGUARD_CORS_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    filterFpr: env_.PWGUARD_FILTER_FPR,
    // Off: the filter file is not loaded (no RAM for it); every lookup reads its exact range.
    corpusFilter: env_.PWGUARD_CORPUS_FILTER === 'on',
    policy: {
      minLength: env_.PWGUARD_MIN_LENGTH,
      minScore: env_.PWGUARD_MIN_SCORE,
      breachThreshold: env_.PWGUARD_BREACH_THRESHOLD,
    },
    argon2: {
      memoryKib: env_.PWGUARD_ARGON2_MEMORY_KIB,
      iterations: env_.PWGUARD_ARGON2_ITERATIONS,
      parallelism: env_.PWGUARD_ARGON2_PARALLELISM,
    },
    argon2Limits: {
      maxConcurrent: env_.PWGUARD_ARGON2_MAX_CONCURRENT ?? host.cores,
      maxQueued: env_.PWGUARD_ARGON2_MAX_QUEUE,
      ...(env_.PWGUARD_ARGON2_MAX_QUEUE_PER_TENANT !== undefined && {
        maxQueuedPerOwner: env_.PWGUARD_ARGON2_MAX_QUEUE_PER_TENANT,
      }),
    },
    verifyCpuMsPerMinute: env_.PWGUARD_VERIFY_CPU_MS_PER_MINUTE,
    maxBodyBytes: env_.PWGUARD_MAX_BODY_BYTES,
    maxImportBytes: env_.PWGUARD_MAX_IMPORT_BYTES,
    loginFailureFloorMs: env_.PWGUARD_LOGIN_FLOOR_MS,
    tenantCorpusQuota: env_.PWGUARD_TENANT_CORPUS_QUOTA,
    log: env_.PWGUARD_LOG,
    /** Hostnames and CIDRs webhooks may reach although internal (validated here, at start). */
    webhookAllowedHosts: env_.PWGUARD_WEBHOOK_ALLOWED_HOSTS,
    database: env_.PWGUARD_DATABASE_URL
      ? {
          kind: 'postgres' as const,
          url: env_.PWGUARD_DATABASE_URL,
          poolSize: env_.PWGUARD_DATABASE_POOL_SIZE,
        }
      : { kind: 'sqlite' as const, file: env_.PWGUARD_DB },
    liveDatabaseUrl: env_.PWGUARD_LIVE_DATABASE_URL ?? null,
    metricsToken: env_.PWGUARD_METRICS_TOKEN ?? null,
    shutdownTimeoutMs: env_.PWGUARD_SHUTDOWN_TIMEOUT_MS,
  }
}

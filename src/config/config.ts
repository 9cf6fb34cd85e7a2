import { availableParallelism } from 'node:os'
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
  PWGUARD_FILTER_FPR: z.coerce.number().gt(0).lt(1).default(0.001),
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
})

export type NodeConfig = ReturnType<typeof parseConfig>

export class ConfigError extends Error {
  override name = 'ConfigError'
}

export function parseConfig(env: Record<string, string | undefined>) {
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
    filterFpr: env_.PWGUARD_FILTER_FPR,
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
      maxConcurrent: env_.PWGUARD_ARGON2_MAX_CONCURRENT ?? availableParallelism(),
      maxQueued: env_.PWGUARD_ARGON2_MAX_QUEUE,
      ...(env_.PWGUARD_ARGON2_MAX_QUEUE_PER_TENANT !== undefined && {
        maxQueuedPerOwner: env_.PWGUARD_ARGON2_MAX_QUEUE_PER_TENANT,
      }),
    },
    verifyCpuMsPerMinute: env_.PWGUARD_VERIFY_CPU_MS_PER_MINUTE,
    maxBodyBytes: env_.PWGUARD_MAX_BODY_BYTES,
    maxImportBytes: env_.PWGUARD_MAX_IMPORT_BYTES,
    loginFailureFloorMs: env_.PWGUARD_LOGIN_FLOOR_MS,
    log: env_.PWGUARD_LOG,
    /** Hostnames and CIDRs webhooks may reach although internal (validated here, at start). */
    webhookAllowedHosts: env_.PWGUARD_WEBHOOK_ALLOWED_HOSTS,
  }
}

import { ConfigError, parseConfig } from '../config/config.js'
import { MAX_FILTER_BYTES } from './worker-corpus.js'

/**
 * The Worker's configuration: the same variables as the Node entry (wrangler `[vars]` and
 * secrets arrive as strings on `env`), parsed by the same schema. Bindings (D1, R2) are not
 * strings and are left out. Unlike Node, a Worker has no disk to keep a generated secret on,
 * so PWGUARD_SECRET is required: a secret that changed per isolate would break every blind
 * index and reset token. Worker-only: PWGUARD_CORPUS_PREFIX (key prefix of the corpus in R2)
 * PWGUARD_FILTER_MAX_BYTES (largest filter loaded into the isolate; 0: range reads only) and
 * PWGUARD_API_REFERENCE_VERSION (the /docs bundle uploaded to R2).
 */
export function parseWorkerConfig(env: Record<string, unknown>) {
  const strings: Record<string, string> = {}
  for (const [name, value] of Object.entries(env)) {
    if (typeof value === 'string') strings[name] = value
  }
  const config = parseConfig(strings)
  if (config.secret === null) {
    throw new ConfigError(
      'invalid configuration:\n  PWGUARD_SECRET: required on Workers (wrangler secret put PWGUARD_SECRET)',
    )
  }
  const maxFilterBytes = Number(strings.PWGUARD_FILTER_MAX_BYTES ?? MAX_FILTER_BYTES)
  if (!Number.isSafeInteger(maxFilterBytes) || maxFilterBytes < 0) {
    throw new ConfigError('invalid configuration:\n  PWGUARD_FILTER_MAX_BYTES: not a byte count')
  }
  return {
    ...config,
    secret: config.secret,
    corpusPrefix: strings.PWGUARD_CORPUS_PREFIX ?? '',
    maxFilterBytes,
    // The Scalar version whose bundle was uploaded to R2 (docs/api-reference-<version>.js);
    // unset: /docs links to the OpenAPI document only.
    apiReferenceVersion: strings.PWGUARD_API_REFERENCE_VERSION || null,
  }
}

export type WorkerConfig = ReturnType<typeof parseWorkerConfig>

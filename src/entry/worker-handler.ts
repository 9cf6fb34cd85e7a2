import { createApp, type App } from '../app/create-app.js'
import type { AppDeps } from '../app/deps.js'
import { bootstrapAdminKey } from '../auth/bootstrap-admin-key.js'
import { logBootstrapOutcome } from '../auth/bootstrap-log.js'
import { STARTUP_ERROR_CODE } from '../breach/corpus/corpus-startup-error.js'
import { ConfigError } from '../config/config.js'
import type { WasmModule } from '../hashing/wasm-argon2-hasher.js'
import { ProblemError, problemResponse } from '../http/problem.js'
import { createJsonLogger, type Logger } from '../ports/logger.js'
import { runWebhookDelivery } from '../webhooks/run-webhook-delivery.js'
import { parseWorkerConfig } from './worker-config.js'
import { buildWorkerDeps, type WorkerEnv } from './worker-deps.js'

type ExecutionContext = Parameters<App['fetch']>[2]
type Started = { app: App; deps: AppDeps }

/**
 * The Worker's handlers. The first event of an isolate parses the env, opens the corpus, makes
 * sure the bootstrap admin key exists and builds the app; later ones reuse it. A failed start
 * is not cached, so the next request retries (e.g. after a corpus upload). `scheduled` (the
 * cron trigger in wrangler.toml) runs one webhook delivery pass, as the Node server's loop does.
 */
export function createWorkerHandler(argon2Wasm: WasmModule) {
  let started: Promise<Started> | null = null
  const logger = createJsonLogger((line) => console.log(line))
  const start = async (env: WorkerEnv) => {
    started ??= startIsolate(env, argon2Wasm, logger)
    try {
      return await started
    } catch (error) {
      started = null
      logger.error('pwguard cannot start', { error: (error as Error).message })
      throw error
    }
  }
  return {
    async fetch(request: Request, env: WorkerEnv, ctx?: ExecutionContext): Promise<Response> {
      let app: App
      try {
        app = (await start(env)).app
      } catch (error) {
        return unavailable(error)
      }
      return app.fetch(request, env, ctx)
    },
    async scheduled(_controller: unknown, env: WorkerEnv, ctx: ExecutionContext): Promise<void> {
      const { deps } = await start(env)
      ctx?.waitUntil(
        runWebhookDelivery(deps).then((report) => {
          if (report.claimed > 0) deps.logger.info('webhook delivery pass', { ...report })
        }),
      )
    },
  }
}

async function startIsolate(env: WorkerEnv, argon2Wasm: WasmModule, baseLogger: Logger) {
  const config = parseWorkerConfig(env)
  const logger = config.log === 'silent' ? createJsonLogger(() => {}) : baseLogger
  const deps = await buildWorkerDeps(env, config, argon2Wasm, logger)
  await ensureBootstrapKey(deps, config.bootstrapKey, logger)
  return { app: createApp(deps), deps }
}

/**
 * Makes PWGUARD_BOOTSTRAP_KEY the admin key of a fresh database, once per database (a marker
 * row; racing isolates are sorted out inside). Cheap afterwards: a couple of indexed SELECTs.
 * Without the variable nothing is generated: a Worker has nowhere private to hand a generated
 * key over.
 */
async function ensureBootstrapKey(deps: AppDeps, bootstrapKey: string | null, logger: Logger) {
  const now = deps.clock.now()
  const outcome = await bootstrapAdminKey(deps, { bootstrapKey, now, generate: false })
  logBootstrapOutcome(logger, outcome)
}

/**
 * The answer while the isolate cannot start. The body is public (no key is checked yet), so
 * it names configuration and corpus problems, which the operator must fix and which reveal
 * nothing, and hides everything else (a database error's text) behind the log.
 */
function unavailable(error: unknown): Response {
  const shown =
    error instanceof ConfigError ||
    (error as { code?: unknown } | null)?.code === STARTUP_ERROR_CODE
  const reason = shown ? (error as Error).message : 'internal error (see the Worker log)'
  return problemResponse(
    new ProblemError({
      status: 503,
      code: 'unavailable',
      title: 'Service unavailable',
      detail: `pwguard cannot start: ${reason}`,
      headers: { 'retry-after': '30' },
    }),
  )
}

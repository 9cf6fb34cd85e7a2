import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serve } from '@hono/node-server'
import { createApp } from '../../../src/app/create-app.js'
import { bootstrapAdminKey } from '../../../src/auth/bootstrap-admin-key.js'
import { createRangeFastPathServer } from '../../../src/breach/range-server-node.js'
import { parseConfig } from '../../../src/config/config.js'
import { buildNodeDeps } from '../../../src/entry/build-node-deps.js'
import { createJsonLogger } from '../../../src/ports/logger.js'
import { buildBenchCorpus } from './bench-corpus.js'

/** What test/proof/support/load-generator.ts prints, per route. */
export interface LoadSummary {
  routes: Record<
    string,
    { perSecond: number; p50: number; p99: number; statuses: Record<string, number> }
  >
}

export interface BenchAccount {
  externalId: string
  password: string
}

export interface LoginBenchOptions {
  /** Temp folder name part. */
  name: string
  key: string
  accounts: BenchAccount[]
  /** Breached passwords to build the corpus from; absent: the default corpus. */
  corpusPasswords?: string[]
}

/**
 * The real Node server in this process (so its CPU and event loop can be measured), with
 * `accounts` imported as legacy unsalted SHA-1 hashes: each first login is one legacy verify
 * plus one argon2id upgrade. Load comes from a separate process (`generate`), so the
 * generator's own CPU is never counted against the server.
 */
export async function startLoginBenchServer(options: LoginBenchOptions) {
  const dir = mkdtempSync(join(tmpdir(), `pwguard-bench-${options.name}-`))
  const corpus = options.corpusPasswords
    ? buildBenchCorpus(dir, options.corpusPasswords)
    : join(dir, 'corpus')
  const config = parseConfig({
    PWGUARD_DB: join(dir, 'pwguard.db'),
    PWGUARD_CORPUS: corpus,
    PWGUARD_SECRET: 'b'.repeat(40),
    PWGUARD_ARGON2_MAX_QUEUE: '1000',
  })
  const built = await buildNodeDeps(
    config,
    createJsonLogger(() => {}),
  )
  const { deps } = built
  await bootstrapAdminKey(deps, { bootstrapKey: options.key, now: Date.now(), generate: false })
  const app = createApp(deps)
  await importSha1Accounts(app, options.key, options.accounts)
  const server = serve({
    fetch: app.fetch,
    port: 0,
    hostname: '127.0.0.1',
    createServer: createRangeFastPathServer(deps),
  })
  await new Promise((resolve) => server.once('listening', resolve))
  const address = server.address()
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  return {
    deps,
    baseUrl,
    /** Runs the load generator in its own process with `options`; resolves with its summary. */
    generate: (load: object) => runLoadGenerator(dir, load),
    close: () => {
      server.close()
      built.close()
    },
  }
}

async function importSha1Accounts(
  app: ReturnType<typeof createApp>,
  key: string,
  accounts: BenchAccount[],
): Promise<void> {
  const response = await app.request('/v1/accounts/import', {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
    body: accounts
      .map((a) =>
        JSON.stringify({
          externalId: a.externalId,
          hash: createHash('sha1').update(a.password).digest('hex'),
          hint: { algorithm: 'sha1' },
        }),
      )
      .join('\n'),
  })
  if (response.status !== 200) throw new Error(`account import: ${response.status}`)
}

function runLoadGenerator(dir: string, options: object): Promise<LoadSummary> {
  return new Promise((resolve, reject) => {
    const file = join(dir, `generator-${Math.random().toString(36).slice(2)}.json`)
    writeFileSync(file, JSON.stringify(options))
    const child = spawn(
      'node',
      ['--import', 'tsx', 'test/proof/support/load-generator.ts', `@${file}`],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    let out = ''
    child.stdout.on('data', (chunk) => (out += chunk))
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as LoadSummary) : reject(new Error(`generator ${code}`)),
    )
  })
}

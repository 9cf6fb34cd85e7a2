import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bootstrapAdminKey } from '../../../src/auth/bootstrap-admin-key.js'
import { PROOF_POSTGRES_FLAG } from '../../../src/entry/refuse-unported-postgres.js'
import { webCryptoRandom } from '../../../src/ports/random.js'
import { openSqliteDriver } from '../../../src/store/sqlite-driver.js'
import { startServerProcess, type ServerProcess } from './server-process.js'

export interface Fleet {
  dir: string
  /** What every instance and the CLI get: the PostgreSQL URL, the secret, the corpus. */
  env: Record<string, string>
  instances: ServerProcess[]
}

/** Builds the corpus every node serves from its own files (here one folder on one machine). */
function buildCorpus(dir: string, passwords: string[]): string {
  writeFileSync(join(dir, 'passwords.txt'), passwords.join('\n') + '\n')
  const out = join(dir, 'corpus')
  const args = ['corpus', 'build', '--out', out, '--passwords', join(dir, 'passwords.txt')]
  const build = spawnSync('node', ['src/entry/pwguard-bin.mjs', ...args], { encoding: 'utf8' })
  if (build.status !== 0) throw new Error(`corpus build failed: ${build.stderr}`)
  return out
}

/**
 * Until every aggregate is on store ports, the modules still on `deps.driver` (API key
 * authentication among them) read the SQLite file PWGUARD_DB, which the instances share here
 * because they share a machine. The admin key goes in there too, with the same default tenant
 * as PostgreSQL's. Goes with the proof flag once the refusal is deleted.
 */
async function seedUnportedSqlite(file: string, key: string, secret: string) {
  const driver = openSqliteDriver(file)
  try {
    const deps = { driver, settings: { secret: new TextEncoder().encode(secret) } }
    const now = Date.now()
    await bootstrapAdminKey(
      { ...deps, random: webCryptoRandom },
      { bootstrapKey: key, now, generate: false },
    )
  } finally {
    driver.close()
  }
}

/**
 * `count` real pwguard processes (src/entry/node.ts) on one PostgreSQL database, started at
 * once so their migrations and bootstrap race for real.
 */
export async function startFleet(input: {
  count: number
  databaseUrl: string
  key: string
  secret: string
  passwords: string[]
  env?: Record<string, string>
}): Promise<Fleet> {
  const dir = mkdtempSync(join(tmpdir(), 'pwguard-fleet-'))
  const corpus = buildCorpus(dir, input.passwords)
  const env = {
    PWGUARD_DATABASE_URL: input.databaseUrl,
    PWGUARD_DB: join(dir, 'unported.db'),
    PWGUARD_CORPUS: corpus,
    PWGUARD_SECRET: input.secret,
    PWGUARD_BOOTSTRAP_KEY: input.key,
    NODE_ENV: 'test',
    [PROOF_POSTGRES_FLAG]: '1',
    ...input.env,
  }
  await seedUnportedSqlite(env.PWGUARD_DB, input.key, input.secret)
  const instances = await Promise.all(
    Array.from({ length: input.count }, () => startServerProcess(env)),
  )
  return { dir, env, instances }
}

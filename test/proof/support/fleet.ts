import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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
    // Nothing may land here: every aggregate is in PostgreSQL (the proof reads it back).
    PWGUARD_DB: join(dir, 'unused.db'),
    PWGUARD_CORPUS: corpus,
    PWGUARD_SECRET: input.secret,
    PWGUARD_BOOTSTRAP_KEY: input.key,
    ...input.env,
  }
  const instances = await Promise.all(
    Array.from({ length: input.count }, () => startServerProcess(env)),
  )
  return { dir, env, instances }
}

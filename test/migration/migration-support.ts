import { createHash, pbkdf2Sync, randomBytes } from 'node:crypto'
import { parseStoredHash } from '../../src/hashing/parse-stored-hash.js'
import { decideWrap } from '../../src/migration/wrap-threshold.js'
import type { WrapReport } from '../../src/migration/wrap-report.js'
import { loadHashVectors, type HashVector } from '../hashing/legacy-fixtures.js'
import { ndjson } from '../support/accounts-fixtures.js'
import { pwguardProcess, spawnPwguard } from '../support/pwguard-cli.js'
import { TEST_ARGON2, type createTestApp } from '../support/test-app.js'

/** One known-answer vector per stored scheme that the migration wraps (fixtures from Debian tools). */
export function wrappableVectors(): HashVector[] {
  const byScheme = new Map<string, HashVector>()
  for (const vector of loadHashVectors()) {
    const parsed = parseStoredHash(vector.hash, vector.hint)
    if (!parsed.ok || decideWrap(parsed.hash).action !== 'wrap') continue
    if (!byScheme.has(parsed.hash.scheme)) byScheme.set(parsed.hash.scheme, vector)
  }
  return [...byScheme.values()]
}

/** `{SSHA}` as OpenLDAP's slappasswd makes it: base64(sha1(password ‖ salt) ‖ salt). */
export function ldapSsha(password: string): string {
  const salt = randomBytes(4)
  const digest = createHash('sha1').update(password).update(salt).digest()
  return `{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`
}

/** Django's legacy salted md5: `md5$<salt>$hex(md5(salt ‖ password))`. */
export function djangoMd5(password: string): string {
  const salt = randomBytes(6).toString('hex')
  return `md5$${salt}$${createHash('md5')
    .update(salt + password)
    .digest('hex')}`
}

type TestApp = ReturnType<typeof createTestApp>

/** Imports NDJSON records through POST /v1/accounts/import; returns the report. */
export async function importThroughApi(
  t: TestApp,
  admin: Record<string, string>,
  records: unknown[],
) {
  const res = await t.app.request('/v1/accounts/import', {
    method: 'POST',
    headers: { ...admin, 'content-type': 'application/x-ndjson' },
    body: ndjson(records),
  })
  if (res.status !== 200) throw new Error(`import failed: ${res.status} ${await res.text()}`)
  return (await res.json()) as { imported: number; rejected: unknown[] }
}

/** The environment the CLI runs with: this SQLite file, the tests' cheap argon2 parameters. */
export function cliEnv(dbFile: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PWGUARD_DB: dbFile,
    PWGUARD_SECRET: 'x'.repeat(40),
    PWGUARD_LOG: 'silent',
    PWGUARD_ARGON2_MEMORY_KIB: String(TEST_ARGON2.memoryKib),
    PWGUARD_ARGON2_ITERATIONS: String(TEST_ARGON2.iterations),
    PWGUARD_ARGON2_PARALLELISM: String(TEST_ARGON2.parallelism),
  }
}

/** Runs `pwguard migrate wrap …` to completion; returns the exit code, report and stderr. */
export function runMigrateWrap(dbFile: string, args: string[]) {
  const run = pwguardProcess(['migrate', 'wrap', ...args], { env: cliEnv(dbFile) })
  const report = run.code === 0 ? (JSON.parse(run.stdout) as WrapReport) : null
  return { status: run.code, report, stderr: run.stderr }
}

/** Starts `pwguard migrate wrap …` as a child process (for the kill -9 test). */
export function spawnMigrateWrap(dbFile: string, args: string[]) {
  return spawnPwguard(['migrate', 'wrap', ...args], { env: cliEnv(dbFile) })
}

/** Werkzeug's `pbkdf2:sha256:<iterations>$<salt>$<hex>` (generate_password_hash). */
export function werkzeugPbkdf2(password: string, iterations: number): string {
  const salt = randomBytes(8).toString('hex')
  const key = pbkdf2Sync(password, salt, iterations, 32, 'sha256').toString('hex')
  return `pbkdf2:sha256:${iterations}$${salt}$${key}`
}

/** bcrypt and argon2id vectors from the fixtures: `$2b$04$` (weak), `$2b$12$`, plain argon2id. */
export function fixtureHash(scheme: string, prefix: string): HashVector {
  const vector = loadHashVectors().find((v) => v.scheme === scheme && v.hash.startsWith(prefix))
  if (!vector) throw new Error(`no ${scheme} fixture starting with ${prefix}`)
  return vector
}

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMemoryCorpus } from '../../src/breach/memory-corpus.js'
import { createNodeArgon2Hasher } from '../../src/hashing/argon2-hasher-node.js'
import { openPgDriver } from '../../src/store/pg-driver-node.js'
import { MD5_CRYPT, STRONG_PASSWORD, ndjson, sha1Upper } from '../support/accounts-fixtures.js'
import { pwguard } from '../support/pwguard-cli.js'
import { TEST_ARGON2, createTestApp, jsonRequest } from '../support/test-app.js'
import { createTestDatabase, type TestDatabase } from '../support/test-database.js'

const dir = mkdtempSync(join(tmpdir(), 'pwguard-db-copy-'))
const dbFile = join(dir, 'pwguard.db')
const IMPORTED = 1_250

/** A SQLite deployment with real traffic: two tenants, keys, accounts, logins, an incident. */
async function seedDeployment() {
  const t = createTestApp({
    dbFile,
    corpus: createMemoryCorpus([{ sha1: sha1Upper(MD5_CRYPT.password), count: 3 }]),
  })
  for (const tenant of ['clinic', 'acme']) {
    const login = await t.keyFor(tenant, ['login'])
    const admin = await t.keyFor(tenant, ['admin'])
    const body = { externalId: 'alice', password: STRONG_PASSWORD }
    expect((await t.app.request('/v1/accounts', jsonRequest('POST', body, login))).status).toBe(201)
    const records = Array.from({ length: IMPORTED }, (_, i) => ({
      externalId: `legacy-${i}`,
      hash: MD5_CRYPT.hash,
    }))
    const imported = await t.app.request('/v1/accounts/import', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/x-ndjson' },
      body: ndjson(records),
    })
    expect(imported.status).toBe(200)
    const breached = { externalId: 'legacy-7', password: MD5_CRYPT.password }
    const login7 = await t.app.request('/v1/login', jsonRequest('POST', breached, login))
    expect(await login7.json()).toMatchObject({ mustReset: true })
    const wrong = { externalId: 'alice', password: 'not the password', client: { ip: '192.0.2.1' } }
    expect((await t.app.request('/v1/login', jsonRequest('POST', wrong, login))).status).toBe(401)
    const incident = { name: 'leak', detectedAt: '2026-01-01T00:00:00Z', dataClasses: ['password'] }
    await t.app.request('/v1/incidents', jsonRequest('POST', incident, admin))
  }
  t.close()
}

const sqliteRows = (query: string) => {
  const sqlite = new Database(dbFile, { readonly: true })
  try {
    return sqlite.prepare(query).all() as Record<string, unknown>[]
  } finally {
    sqlite.close()
  }
}

describe('pwguard db copy --from FILE.db --to postgres://…', () => {
  let database: TestDatabase
  let target: pg.Client
  beforeAll(async () => {
    await seedDeployment()
    database = await createTestDatabase()
    target = new pg.Client({ connectionString: database.url })
    await target.connect()
  })
  afterAll(async () => {
    await target.end()
    await database.drop()
    rmSync(dir, { recursive: true, force: true })
  })
  const copy = (...flags: string[]) =>
    pwguard(dbFile, ['db', 'copy', '--from', dbFile, '--to', database.url, ...flags])
  const password = () => new URL(database.url).password

  it('refuses an unmigrated target, naming the fix, without printing the password', async () => {
    const run = await copy()
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('is not migrated: pass --migrate')
    expect(run.stderr + run.stdout).not.toContain(password())
  })

  it('copies every table in one verified transaction; copied hashes log in, chain heads match', async () => {
    const run = await copy('--migrate', '--batch', '100', '--sample', '20')
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/^accounts +2502 rows {2}20 compared$/m)
    expect(run.stdout).toMatch(/ok, \d+ rows in \d+ tables copied and verified/)
    expect(run.stderr).toContain('db copy: accounts 2502 rows')
    // Never a secret on either stream: not the URL's password, not a stored hash.
    expect(run.stderr + run.stdout).not.toContain(password())
    expect(run.stderr + run.stdout).not.toContain(MD5_CRYPT.hash)

    for (const table of [
      'tenants',
      'api_keys',
      'accounts',
      'audit_log',
      'incidents',
      'login_throttle',
    ]) {
      const [source] = sqliteRows(`SELECT count(*) AS n FROM ${table}`)
      const copied = await target.query(`SELECT count(*)::int AS n FROM ${table}`)
      expect(copied.rows[0].n, table).toBe(source!['n'])
      expect(copied.rows[0].n, table).toBeGreaterThan(0)
    }
    const heads = `SELECT tenant_id, seq, hash FROM audit_log a WHERE seq = (SELECT max(seq) FROM audit_log b WHERE b.tenant_id = a.tenant_id) ORDER BY tenant_id`
    const pgHeads = (await target.query(heads)).rows.map((r) => ({ ...r, seq: Number(r.seq) }))
    expect(pgHeads).toEqual(sqliteRows(heads))
    expect(pgHeads).toHaveLength(2)

    // A login would succeed on the copy: the argon2id hash verifies, flags and dates came along.
    const { rows } = await target.query(
      `SELECT external_id, password_hash, scheme, must_reset, last_login_at FROM accounts WHERE tenant_id = 'clinic' AND external_id IN ('alice', 'legacy-7', 'legacy-8') ORDER BY external_id`,
    )
    const hasher = createNodeArgon2Hasher(TEST_ARGON2)
    expect(await hasher.verify(rows[0].password_hash, STRONG_PASSWORD)).toBe(true)
    expect(rows[1]).toMatchObject({ scheme: 'argon2id', must_reset: true })
    expect(Number(rows[1].last_login_at)).toBeGreaterThan(0)
    expect(await hasher.verify(rows[1].password_hash, MD5_CRYPT.password)).toBe(true)
    expect(rows[2]).toMatchObject({ password_hash: MD5_CRYPT.hash, must_reset: false })
  })

  it('refuses a target that already holds rows, and leaves it as it was', async () => {
    const before = await target.query('SELECT count(*)::int AS n FROM accounts')
    const run = await copy()
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('target is not empty (table tenants has rows)')
    const after = await target.query('SELECT count(*)::int AS n FROM accounts')
    expect(after.rows[0].n).toBe(before.rows[0].n)
  })

  it('rolls the whole copy back when a copied value differs from the source', async () => {
    const other = await createTestDatabase()
    const driver = await openPgDriver({ url: other.url, poolSize: 1 })
    try {
      // A target that silently alters what it stores, as a wrong column mapping would.
      await driver.pool.query(`
        CREATE FUNCTION mangle() RETURNS trigger AS $$
          BEGIN NEW.password_hash := 'x' || NEW.password_hash; RETURN NEW; END $$ LANGUAGE plpgsql;
        CREATE TRIGGER mangle BEFORE INSERT ON accounts FOR EACH ROW EXECUTE FUNCTION mangle();`)
      const run = await pwguard(dbFile, ['db', 'copy', '--from', dbFile, '--to', other.url])
      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(/verification failed: accounts \S+: column passwordHash differs/)
      expect(run.stderr).not.toContain(MD5_CRYPT.hash)
      for (const table of ['tenants', 'accounts']) {
        const left = await driver.pool.query(`SELECT count(*)::int AS n FROM ${table}`)
        expect(left.rows[0].n, table).toBe(0)
      }
    } finally {
      await driver.close()
      await other.drop()
    }
  })
})

import Database from 'better-sqlite3'
import { sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createKeyedHash } from '../../src/crypto/keyed-hash.js'
import { EMAIL_INDEX_PURPOSE } from '../../src/crypto/secret-keys.js'
import { MIGRATIONS_FOLDER, openSqliteDriver } from '../../src/store/sqlite-driver-node.js'
import { MD5_CRYPT, STRONG_PASSWORD, ndjson } from '../support/accounts-fixtures.js'
import { TEST_SECRET, createTestApp, jsonRequest } from '../support/test-app.js'

/**
 * One account per e-mail and tenant, and an index keyed per tenant, so the same address does
 * not link accounts across tenants.
 */
describe('e-mail blind index', () => {
  let t: ReturnType<typeof createTestApp>
  let site: Record<string, string>
  let admin: Record<string, string>
  beforeEach(async () => {
    t = createTestApp()
    site = await t.keyFor('clinic', ['login'])
    admin = await t.keyFor('clinic', ['admin'])
  })
  afterEach(() => t.close())

  const create = (body: Record<string, unknown>, key = site) =>
    t.app.request('/v1/accounts', jsonRequest('POST', { password: STRONG_PASSWORD, ...body }, key))
  const indexOf = async (tenantId: string, externalId: string) =>
    (
      await t.driver.db.all<{ i: string | null }>(
        sql`SELECT email_index AS i FROM accounts WHERE tenant_id = ${tenantId} AND external_id = ${externalId}`,
      )
    )[0]?.i
  const importLines = async (records: unknown[]) => {
    const res = await t.app.request('/v1/accounts/import', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/x-ndjson' },
      body: ndjson(records),
    })
    return (await res.json()) as { imported: number; rejected: { line: number; code: string }[] }
  }

  it('a second account with the same e-mail in a tenant is 409 account_exists', async () => {
    expect((await create({ externalId: 'p1', email: 'an@example.be' })).status).toBe(201)
    const again = await create({ externalId: 'p2', email: ' AN@Example.be ' })
    expect(again.status).toBe(409)
    expect(((await again.json()) as { code: string }).code).toBe('account_exists')
    const other = await t.keyFor('other-site', ['login'])
    expect((await create({ externalId: 'p2', email: 'an@example.be' }, other)).status).toBe(201)
  })

  it('imports reject a line whose e-mail another account holds, and keep the rest', async () => {
    await create({ externalId: 'p1', email: 'an@example.be' })
    const report = await importLines([
      { externalId: 'p2', email: 'an@example.be', hash: MD5_CRYPT.hash },
      { externalId: 'p3', email: 'bo@example.be', hash: MD5_CRYPT.hash },
      { externalId: 'p4', email: 'BO@example.be', hash: MD5_CRYPT.hash },
      { externalId: 'p1', email: 'an@example.be', hash: MD5_CRYPT.hash },
    ])
    expect(report.imported).toBe(1)
    expect(report.rejected).toEqual([
      expect.objectContaining({ line: 1, code: 'account_exists' }),
      expect.objectContaining({ line: 3, code: 'account_exists' }),
    ])
    const byEmail = await t.app.request(
      '/v1/login',
      jsonRequest('POST', { email: 'bo@example.be', password: MD5_CRYPT.password }, site),
    )
    expect(await byEmail.json()).toMatchObject({ ok: true, externalId: 'p3' })
  })

  it('the same address gets unrelated indexes in two tenants', async () => {
    const other = await t.keyFor('other-site', ['login'])
    await create({ externalId: 'p1', email: 'an@example.be' })
    await create({ externalId: 'p1', email: 'an@example.be' }, other)
    const here = await indexOf('clinic', 'p1')
    const there = await indexOf('other-site', 'p1')
    expect(here).toMatch(/^v2:[0-9a-f]{64}$/)
    expect(there).toMatch(/^v2:[0-9a-f]{64}$/)
    expect(here).not.toBe(there)
  })

  it('rows indexed before v2 still match, and a login by e-mail moves them to v2', async () => {
    await create({ externalId: 'old' })
    const v1 = createKeyedHash(TEST_SECRET, EMAIL_INDEX_PURPOSE).hexSync('an@example.be')
    await t.driver.db.run(sql`UPDATE accounts SET email_index = ${v1} WHERE external_id = 'old'`)
    expect((await create({ externalId: 'new', email: 'an@example.be' })).status).toBe(409)
    const res = await t.app.request(
      '/v1/login',
      jsonRequest('POST', { email: 'An@example.be', password: STRONG_PASSWORD }, site),
    )
    expect(await res.json()).toMatchObject({ ok: true, externalId: 'old' })
    expect(await indexOf('clinic', 'old')).toMatch(/^v2:/)
  })
})

describe('migration 0004 (unique e-mail per tenant)', () => {
  it('keeps a duplicated e-mail on the account that logged in last and clears it on the others', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pwguard-0004-'))
    const before = join(dir, 'migrations')
    cpSync(MIGRATIONS_FOLDER, before, { recursive: true })
    const journalFile = join(before, 'meta', '_journal.json')
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] }
    journal.entries = journal.entries.filter((entry) => entry.tag < '0004')
    writeFileSync(journalFile, JSON.stringify(journal))
    const file = join(dir, 'pwguard.db')
    const sqlite = new Database(file)
    migrate(drizzle(sqlite), { migrationsFolder: before })
    sqlite.exec(`INSERT INTO tenants (id, name, created_at) VALUES ('c', 'c', 0), ('d', 'd', 0)`)
    const insert = sqlite.prepare(
      `INSERT INTO accounts (tenant_id, external_id, email_index, password_hash, scheme, created_at, updated_at, last_login_at) VALUES (?, ?, ?, 'h', 'md5', ?, 0, ?)`,
    )
    insert.run('c', 'old-idle', 'same', 1, null)
    insert.run('c', 'recent', 'same', 2, 50)
    insert.run('c', 'older-login', 'same', 3, 10)
    insert.run('d', 'elsewhere', 'same', 4, null)
    insert.run('c', 'alone', 'other', 5, null)
    sqlite.close()
    const driver = openSqliteDriver(file)
    const rows = driver.db.all<{ tenant_id: string; external_id: string; email_index: string }>(
      sql`SELECT tenant_id, external_id, email_index FROM accounts ORDER BY tenant_id, external_id`,
    )
    driver.close()
    expect(rows).toEqual([
      { tenant_id: 'c', external_id: 'alone', email_index: 'other' },
      { tenant_id: 'c', external_id: 'old-idle', email_index: null },
      { tenant_id: 'c', external_id: 'older-login', email_index: null },
      { tenant_id: 'c', external_id: 'recent', email_index: 'same' },
      { tenant_id: 'd', external_id: 'elsewhere', email_index: 'same' },
    ])
  })
})

describe('secret length', () => {
  it('refuses a secret file under 32 bytes at start-up with a clear message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pwguard-secret-'))
    writeFileSync(join(dir, 'secret'), 'too-short-secret\n')
    const file = join(dir, 'accounts.ndjson')
    writeFileSync(file, ndjson([{ externalId: 'a', hash: MD5_CRYPT.hash }]))
    const env: Record<string, string | undefined> = {
      ...process.env,
      PWGUARD_DB: join(dir, 'pwguard.db'),
    }
    delete env.PWGUARD_SECRET
    const run = spawnSync(
      'node',
      ['src/entry/pwguard-bin.mjs', 'accounts', 'import', file, '--tenant', 'clinic'],
      { env, encoding: 'utf8' },
    )
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('16 bytes; at least 32 are required')
  })
})

import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pwguard } from '../support/pwguard-cli.js'
import { createTestDatabase, type TestDatabase } from '../support/test-database.js'

/** `pwguard <argv>` on PostgreSQL, with a SQLite path that must stay unused. */
const cli = (argv: string[], env: Record<string, string>) =>
  pwguard(join(tmpdir(), 'pwguard-pg-entry-unused.db'), argv, env)

describe('the CLI on PostgreSQL (PWGUARD_DATABASE_URL)', () => {
  let database: TestDatabase
  beforeAll(async () => {
    database = await createTestDatabase()
  })
  afterAll(async () => database.drop())

  it('creates, lists and revokes keys, each audited, and the chain verifies', async () => {
    const env = { PWGUARD_DATABASE_URL: database.url, PWGUARD_SECRET: 'c'.repeat(40) }
    const created = await cli(['keys', 'create', '--tenant', 'clinic', '--scopes', 'admin'], env)
    expect(created.stderr).toMatch(/^created key /)
    expect(created.code).toBe(0)
    const key = created.stdout.trim()
    expect(key).toMatch(/^pwg_/)
    const listed = await cli(['keys', 'list', '--tenant', 'clinic'], env)
    expect(listed.code).toBe(0)
    const [id] = listed.stdout.split('\t')
    expect(listed.stdout).toMatch(/\tadmin\tactive\t/)
    expect((await cli(['keys', 'revoke', '--tenant', 'clinic', '--id', id!], env)).code).toBe(0)
    // Revoked once: a second revocation changes nothing and logs nothing.
    expect((await cli(['keys', 'revoke', '--tenant', 'clinic', '--id', id!], env)).code).toBe(1)
    expect((await cli(['keys', 'list', '--tenant', 'clinic'], env)).stdout).toMatch(/\trevoked /)
    const verify = await cli(['audit', 'verify', '--tenant', 'clinic'], env)
    expect(verify.stderr).toBe('')
    expect(verify.stdout).toMatch(/^head clinic seq=2 .*\nok, 2 entries\n$/)
    expect(verify.code).toBe(0)
    const policy = await cli(['tenant', 'policy', '--tenant', 'clinic'], env)
    expect(policy.code).toBe(0)
  })
})

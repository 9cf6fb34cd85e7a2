import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/run-cli.js'
import { parseConfig } from '../../src/config/config.js'
import {
  PROOF_POSTGRES_FLAG,
  unportedPostgresAllowed,
} from '../../src/entry/refuse-unported-postgres.js'
import { createMemoryLogger } from '../../src/ports/logger.js'
import { createTestDatabase, type TestDatabase } from '../support/test-database.js'

async function cli(argv: string[], env: Record<string, string>) {
  const out = { stdout: '', stderr: '' }
  const code = await runCli(argv, {
    config: () => parseConfig(env),
    io: {
      stdout: (text) => void (out.stdout += text),
      stderr: (text) => void (out.stderr += text),
      isTTY: false,
    },
    logger: createMemoryLogger(),
  })
  return { code, ...out }
}

describe('PostgreSQL at the Node entry before every aggregate is ported', () => {
  let database: TestDatabase
  beforeAll(async () => {
    database = await createTestDatabase()
  })
  afterAll(async () => database.drop())

  it('the proof flag opens the server only under NODE_ENV=test', () => {
    expect(unportedPostgresAllowed({ [PROOF_POSTGRES_FLAG]: '1' })).toBe(false)
    expect(unportedPostgresAllowed({ NODE_ENV: 'production', [PROOF_POSTGRES_FLAG]: '1' })).toBe(
      false,
    )
    expect(unportedPostgresAllowed({ NODE_ENV: 'test' })).toBe(false)
    expect(unportedPostgresAllowed({ NODE_ENV: 'test', [PROOF_POSTGRES_FLAG]: '1' })).toBe(true)
  })

  it('CLI commands on store ports run on PostgreSQL; the others are still refused', async () => {
    const env = { PWGUARD_DATABASE_URL: database.url, PWGUARD_SECRET: 'c'.repeat(40) }
    const verify = await cli(['audit', 'verify'], env)
    expect(verify.stderr).toBe('')
    expect(verify.code).toBe(0)
    expect(verify.stdout).toBe('ok, 0 entries\n')
    const policy = await cli(['tenant', 'policy', '--tenant', 'nobody'], env)
    expect(policy.stderr).not.toMatch(/cannot run on yet/)
    const keys = await cli(['keys', 'list', '--tenant', 'default'], env)
    expect(keys.code).toBe(1)
    expect(keys.stderr).toMatch(/cannot run on yet/)
  })
})

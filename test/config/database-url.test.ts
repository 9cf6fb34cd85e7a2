import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/run-cli.js'
import { ConfigError, parseConfig } from '../../src/config/config.js'
import { createMemoryLogger } from '../../src/ports/logger.js'

const PG = 'postgres://pwguard:secret@db.internal:5432/pwguard'

describe('PWGUARD_DATABASE_URL', () => {
  it('defaults to the SQLite file; a postgres URL selects PostgreSQL with a sized pool', () => {
    expect(parseConfig({}).database).toEqual({ kind: 'sqlite', file: 'data/pwguard.db' })
    expect(
      parseConfig({ PWGUARD_DATABASE_URL: PG, PWGUARD_DATABASE_POOL_SIZE: '25' }).database,
    ).toEqual({ kind: 'postgres', url: PG, poolSize: 25 })
    expect(parseConfig({ PWGUARD_DATABASE_URL: 'postgresql://h/db' }).database).toMatchObject({
      kind: 'postgres',
      poolSize: 10,
    })
  })

  it('refuses other URLs and pool sizes out of range', () => {
    expect(() => parseConfig({ PWGUARD_DATABASE_URL: 'mysql://h/db' })).toThrow(ConfigError)
    expect(() => parseConfig({ PWGUARD_DATABASE_URL: 'not a url' })).toThrow(/PWGUARD_DATABASE_URL/)
    expect(() => parseConfig({ PWGUARD_DATABASE_POOL_SIZE: '0' })).toThrow(ConfigError)
  })

  it('a CLI command on an unreachable PostgreSQL fails with exit 1 and never prints the password', async () => {
    let stderr = ''
    const code = await runCli(['keys', 'list', '--tenant', 'default'], {
      config: () =>
        parseConfig({
          PWGUARD_DATABASE_URL: 'postgres://pwguard:hunter2-secret@127.0.0.1:1/pwguard',
          PWGUARD_SECRET: 'c'.repeat(40),
        }),
      io: { stdout: () => {}, stderr: (text: string) => void (stderr += text), isTTY: false },
      logger: createMemoryLogger(),
    })
    expect(code).toBe(1)
    expect(stderr).toMatch(/ECONNREFUSED|connect/)
    expect(stderr).not.toContain('hunter2-secret')
  })
})

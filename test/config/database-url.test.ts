import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/run-cli.js'
import { ConfigError, parseConfig } from '../../src/config/config.js'
import { startNodeServer } from '../../src/entry/start-node-server.js'
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

  it('the server refuses to start on PostgreSQL and says what is not ported yet', async () => {
    const config = parseConfig({ PWGUARD_DATABASE_URL: PG })
    const failure = startNodeServer(config, createMemoryLogger())
    await expect(failure).rejects.toMatchObject({ code: 'PWGUARD_STARTUP' })
    await expect(failure).rejects.toThrow(/accounts, login and reset tokens.*SQLite only/)
  })

  it('every CLI command refuses too, with exit code 1 and the same message', async () => {
    let stderr = ''
    const code = await runCli(['keys', 'list', '--tenant', 'default'], {
      config: () => parseConfig({ PWGUARD_DATABASE_URL: PG }),
      io: { stdout: () => {}, stderr: (text: string) => void (stderr += text), isTTY: false },
      logger: createMemoryLogger(),
    })
    expect(code).toBe(1)
    expect(stderr).toMatch(/cannot run on yet: .*the CLI commands/)
    expect(stderr).not.toContain('secret')
  })
})

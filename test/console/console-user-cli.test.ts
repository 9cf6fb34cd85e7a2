import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { totpCode } from '../../src/console/auth/totp.js'
import { pwguardProcess, type CliRun } from '../support/pwguard-cli.js'
import { createTestApp } from '../support/test-app.js'
import { CONSOLE_PASSWORD, formPost, sessionCookie } from './console-support.js'

const SECRET = 'test-secret-test-secret-test-secret!'
const BREACHED = 'a-long-but-leaked-passphrase-2017'

describe('pwguard console-user create', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pwguard-console-cli-'))
  const env = {
    ...process.env,
    PWGUARD_DB: join(dir, 'pwguard.db'),
    PWGUARD_CORPUS: join(dir, 'corpus'),
    PWGUARD_SECRET: SECRET,
    PWGUARD_LOG: 'silent',
  }
  // A child process: the password arrives on stdin, as an operator pipes it.
  const cli = (argv: string[], input = '') => pwguardProcess(argv, { env, input })
  const userArgs = ['console-user', 'create', '--tenant', 'clinic']
  const create = (password: string) =>
    cli([...userArgs, '--email', 'dpo@clinic.be', '--password-stdin'], `${password}\n`)
  let setup: number[]
  let refused: CliRun
  let made: CliRun
  let again: CliRun

  beforeAll(() => {
    writeFileSync(join(dir, 'passwords.txt'), `${BREACHED}\n`)
    const corpusDir = join(dir, 'corpus')
    setup = [
      cli(['corpus', 'build', '--out', corpusDir, '--passwords', join(dir, 'passwords.txt')]),
      cli(['keys', 'create', '--tenant', 'clinic', '--scopes', 'admin']),
    ].map((run) => run.code ?? -1)
    refused = create(BREACHED)
    made = create(CONSOLE_PASSWORD)
    again = create(CONSOLE_PASSWORD)
  }, 120_000)

  it('refuses a breached password with exit 3', () => {
    expect(setup).toEqual([0, 0])
    expect(refused.code).toBe(3)
    expect(refused.stderr).toContain('password refused')
  })

  it('creates the user from stdin and prints the TOTP URI once', () => {
    expect(made.code).toBe(0)
    expect(new URL(made.stdout.trim()).protocol).toBe('otpauth:')
    expect(again.code).toBe(2)
  })

  it('exits 2 without --password-stdin', { timeout: 60_000 }, () => {
    expect(cli([...userArgs, '--email', 'x@clinic.be']).code).toBe(2)
  })

  it('the server on the same database signs the new user in with the provisioned secret', async () => {
    const t = createTestApp({ dbFile: join(dir, 'pwguard.db') })
    t.clock.set(Date.now())
    const secret = new URL(made.stdout.trim()).searchParams.get('secret')!
    const login = await t.app.request(
      '/console/login',
      formPost({
        tenant: 'clinic',
        email: 'DPO@clinic.be',
        password: CONSOLE_PASSWORD,
        code: totpCode(secret, t.clock.now()),
      }),
    )
    expect(login.status).toBe(303)
    expect(sessionCookie(login)).toMatch(/^pwguard_console=/)
    t.close()
  })
})

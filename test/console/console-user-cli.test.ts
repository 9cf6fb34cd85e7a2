import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { totpCode } from '../../src/console/auth/totp.js'
import { createTestApp } from '../support/test-app.js'
import { CONSOLE_PASSWORD, formPost, sessionCookie } from './console-support.js'

const SECRET = 'test-secret-test-secret-test-secret!'
const BREACHED = 'a-long-but-leaked-passphrase-2017'

describe('pwguard console-user create', () => {
  it(
    'creates a user from stdin, refuses a breached password, prints the TOTP URI once',
    { timeout: 120_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'pwguard-console-cli-'))
      writeFileSync(join(dir, 'passwords.txt'), `${BREACHED}\n`)
      const env = {
        ...process.env,
        PWGUARD_DB: join(dir, 'pwguard.db'),
        PWGUARD_CORPUS: join(dir, 'corpus'),
        PWGUARD_SECRET: SECRET,
        PWGUARD_LOG: 'silent',
      }
      const cli = (args: string[], input = '') =>
        spawnSync('node', ['src/entry/pwguard-bin.mjs', ...args], { env, input, encoding: 'utf8' })
      const corpus = [
        'corpus',
        'build',
        '--out',
        join(dir, 'corpus'),
        '--passwords',
        join(dir, 'passwords.txt'),
      ]
      expect(cli(corpus).status).toBe(0)
      expect(cli(['keys', 'create', '--tenant', 'clinic', '--scopes', 'admin']).status).toBe(0)
      const create = (password: string) =>
        cli(
          [
            'console-user',
            'create',
            '--tenant',
            'clinic',
            '--email',
            'dpo@clinic.be',
            '--password-stdin',
          ],
          `${password}\n`,
        )
      const refused = create(BREACHED)
      expect(refused.status).toBe(3)
      expect(refused.stderr).toContain('password refused')
      const made = create(CONSOLE_PASSWORD)
      expect(made.status).toBe(0)
      const uri = new URL(made.stdout.trim())
      expect(uri.protocol).toBe('otpauth:')
      expect(create(CONSOLE_PASSWORD).status).toBe(2)
      expect(
        cli(['console-user', 'create', '--tenant', 'clinic', '--email', 'x@clinic.be']).status,
      ).toBe(2)

      // The server on the same database signs the new user in with the provisioned secret.
      const t = createTestApp({ dbFile: join(dir, 'pwguard.db') })
      t.clock.set(Date.now())
      const secret = uri.searchParams.get('secret')!
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
    },
  )
})

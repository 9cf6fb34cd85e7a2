import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { pwguard } from '../support/pwguard-cli.js'

describe('pwguard tenant policy', () => {
  it('shows, sets with the API validation, and restores defaults with null', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'pwguard-policy-cli-')), 'pwguard.db')
    expect(
      (await pwguard(db, ['keys', 'create', '--tenant', 'clinic', '--scopes', 'admin'])).code,
    ).toBe(0)
    const shown = await pwguard(db, ['tenant', 'policy', '--tenant', 'clinic'])
    expect(JSON.parse(shown.stdout).effective.breachActions.login).toBe('require_reset')

    const set = await pwguard(db, [
      'tenant',
      'policy',
      '--tenant',
      'clinic',
      '--set',
      '{"breachActions":{"login":"notify"},"breachDigest":"daily","breachThreshold":5}',
    ])
    expect(set.code).toBe(0)
    expect(JSON.parse(set.stdout).effective).toMatchObject({
      breachActions: { login: 'notify' },
      breachDigest: 'daily',
      breachThreshold: 5,
    })
    const again = await pwguard(db, ['tenant', 'policy', '--tenant', 'clinic'])
    expect(JSON.parse(again.stdout).overrides.breachActions.login).toBe('notify')

    const reset = await pwguard(db, [
      'tenant',
      'policy',
      '--tenant',
      'clinic',
      '--set',
      '{"breachActions":null}',
    ])
    expect(JSON.parse(reset.stdout).effective.breachActions.login).toBe('require_reset')

    const bad = await pwguard(db, [
      'tenant',
      'policy',
      '--tenant',
      'clinic',
      '--set',
      '{"breachActions":{"login":"ignore"}}',
    ])
    expect(bad.code).toBe(2)
    expect((await pwguard(db, ['tenant', 'policy', '--tenant', 'nobody'])).code).toBe(1)
    expect((await pwguard(db, ['audit', 'verify', '--tenant', 'clinic'])).code).toBe(0)
  })
})

describe('pwguard tenant legacy-verify', () => {
  it('sets from a secret file, shows without the secret, deletes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pwguard-legacy-cli-'))
    const db = join(dir, 'pwguard.db')
    await pwguard(db, ['keys', 'create', '--tenant', 'clinic', '--scopes', 'admin'])
    const secretFile = join(dir, 'legacy-secret')
    writeFileSync(secretFile, 'legacy-signing-secret-0001\n')
    const base = ['tenant', 'legacy-verify', '--tenant', 'clinic']
    const url = 'https://old-idp.example.be/verify'
    const set = await pwguard(db, [...base, '--url', url, '--secret-file', secretFile])
    expect(set.code).toBe(0)
    expect(JSON.parse(set.stdout)).toMatchObject({ url, timeoutMs: 5000 })
    expect(set.stdout).not.toContain('legacy-signing-secret')
    const internal = ['--url', 'http://10.1.2.3/verify', '--secret-file', secretFile]
    expect((await pwguard(db, [...base, ...internal])).code).toBe(2)
    expect((await pwguard(db, [...base, '--delete'])).code).toBe(0)
    expect((await pwguard(db, base)).code).toBe(1)
    expect((await pwguard(db, ['audit', 'verify', '--tenant', 'clinic'])).code).toBe(0)
  })
})

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createAccountAuditTarget } from '../../src/accounts/account-audit-target.js'
import { deriveSecretKeys } from '../../src/crypto/secret-keys.js'
import { forceAccountReset } from '../../src/incidents/force-account-reset.js'
import { MD5_CRYPT } from '../support/accounts-fixtures.js'
import { TEST_SECRET, createTestApp } from '../support/test-app.js'

describe('forceAccountReset (through the account, reset and audit ports, real SQLite)', () => {
  let t: ReturnType<typeof createTestApp>
  beforeEach(async () => {
    t = createTestApp()
    await t.keyFor('clinic', ['admin'])
    // Seeded through the accounts port: the import's parsing is not what is tested here.
    for (const externalId of ['p-1', 'an@example.be']) {
      const row = { tenantId: 'clinic', externalId, emailIndex: null, passwordHash: MD5_CRYPT.hash }
      expect(
        await t.deps.stores.accounts.insert({
          ...row,
          scheme: 'md5-crypt',
          createdAt: 0,
          updatedAt: 0,
        }),
      ).toBe(true)
    }
  })
  afterEach(() => t.close())

  const ports = () => ({
    accounts: t.deps.stores.accounts,
    resets: t.deps.stores.resets,
    random: t.deps.random,
    clock: t.clock,
    tokenKey: deriveSecretKeys(TEST_SECRET).resetToken,
    auditTarget: createAccountAuditTarget(TEST_SECRET),
  })
  const resetEntries = async () =>
    (await t.deps.stores.audit.page({ tenantId: 'clinic', order: 'asc', limit: 50 }))
      .filter((row) => row.action === 'account.reset_forced')
      .map((row) => ({ actor: row.actor, target: row.target, details: JSON.parse(row.details) }))

  it('does not find an account of another tenant or none at all, and audits nothing', async () => {
    const input = { externalId: 'p-1', actor: 'key:k1' }
    expect(await forceAccountReset(ports(), { ...input, tenantId: 'other' })).toEqual({
      found: false,
    })
    const missing = { ...input, tenantId: 'clinic', externalId: 'p-404' }
    expect(await forceAccountReset(ports(), missing)).toEqual({ found: false })
    expect(await resetEntries()).toEqual([])
  })

  it('flags the account with the default reason and issues a token each time asked', async () => {
    const input = { tenantId: 'clinic', externalId: 'p-1', actor: 'key:k1' }
    const first = await forceAccountReset(ports(), input)
    const second = await forceAccountReset(ports(), input)
    if (!first.found || !second.found) throw new Error('expected the account to be found')
    expect(first.reason).toBe('admin_reset')
    expect(first.issued.externalId).toBe('p-1')
    expect(second.issued.token).not.toBe(first.issued.token)
    const account = await t.deps.stores.accounts.find({ tenantId: 'clinic', externalId: 'p-1' })
    expect(account?.mustReset).toBe(true)
    expect(await resetEntries()).toEqual([
      { actor: 'key:k1', target: 'p-1', details: { reason: 'admin_reset' } },
      { actor: 'key:k1', target: 'p-1', details: { reason: 'admin_reset' } },
    ])
  })

  it('names an e-mail externalId in the audit log by its pseudonym only', async () => {
    const input = { tenantId: 'clinic', externalId: 'an@example.be', actor: 'console:ann' }
    const outcome = await forceAccountReset(ports(), { ...input, reason: 'phished' })
    expect(outcome.found && outcome.reason).toBe('phished')
    const [entry] = await resetEntries()
    expect(entry?.target).toMatch(/^acct~[0-9a-f]{24}$/)
    expect(JSON.stringify(entry)).not.toContain('example.be')
  })
})

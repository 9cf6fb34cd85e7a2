import { expect, it } from 'vitest'
import { checkAuditEntry } from '../../../src/audit/audit-insert.js'
import type { NewAccount, PasswordChange } from '../../../src/store/ports/account-store.js'
import type { ContractBackend, OpenedBackend } from './backends.js'

const T0 = 1_700_000_000_000
const alice: NewAccount = {
  tenantId: 'acme',
  externalId: 'alice',
  emailIndex: 'v2:alice',
  passwordHash: 'hash-0',
  scheme: 'sha1',
  createdAt: T0,
  updatedAt: T0,
}
const swap = (newHash: string, expectedHash = 'hash-0') => ({
  tenantId: 'acme',
  externalId: 'alice',
  expectedHash,
  newHash,
  scheme: 'argon2id',
  now: T0 + 1,
  passwordChanged: false,
})
const entry = () =>
  checkAuditEntry({ tenantId: 'acme', actor: 'test', action: 'account.password_changed', at: T0 })
const change = (newHash: string, authorisedBy: PasswordChange['authorisedBy']) => ({
  tenantId: 'acme',
  externalId: 'alice',
  newHash,
  now: T0 + 10,
  authorisedBy,
  event: { id: `evt_${newHash}`, via: 'reset_token' as const },
})
const token = (tokenHash: string, expiresAt = T0 + 1_000) => ({
  tokenHash,
  tenantId: 'acme',
  externalId: 'alice',
  reason: 'admin',
  createdAt: T0,
  expiresAt,
  usedAt: null,
})

/** The accounts contract: uniqueness, compare-and-swap, single-use reset tokens, audited change. */
export function accountCases(backend: () => OpenedBackend, kind: ContractBackend) {
  const setUp = async () => {
    const { ports } = backend()
    await ports.tenantKeys.ensureTenant({ id: 'acme', name: 'Acme', serviceName: null }, T0)
    expect(await ports.accounts.insert(alice)).toBe(true)
    return ports
  }

  it('finds by key and by e-mail index; externalId and e-mail are unique per tenant', async () => {
    const { accounts, tenantKeys } = await setUp()
    expect(await accounts.find(alice)).toMatchObject({
      ...alice,
      mustReset: false,
      resetReasons: '[]',
    })
    expect(await accounts.insert({ ...alice, emailIndex: 'v2:other' })).toBe(false)
    expect(await accounts.insert({ ...alice, externalId: 'bob' })).toBe(false)
    expect(await accounts.insert({ ...alice, externalId: 'bob', emailIndex: null })).toBe(true)
    expect(await accounts.insert({ ...alice, externalId: 'carol', emailIndex: null })).toBe(true)
    await tenantKeys.ensureTenant({ id: 'other', name: 'Other', serviceName: null }, T0)
    expect(await accounts.insert({ ...alice, tenantId: 'other' })).toBe(true)
    const found = await accounts.findByEmailIndex('acme', ['v2:nobody', 'v2:alice'])
    expect(found?.externalId).toBe('alice')
    expect(await accounts.findByEmailIndex('acme', ['v2:nobody'])).toBeNull()
    const holders = await accounts.emailHolders('acme', ['v2:alice', 'v2:nobody'])
    expect([...holders]).toEqual([['v2:alice', 'alice']])
    await accounts.reindexEmail({
      tenantId: 'acme',
      externalId: 'alice',
      from: 'v2:alice',
      to: 'v3',
    })
    expect((await accounts.findByEmailIndex('acme', ['v3']))?.externalId).toBe('alice')
  })

  it('concurrent inserts of one e-mail: exactly one account gets it', async () => {
    const { accounts } = await setUp()
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        accounts.insert({ ...alice, externalId: `dup-${i}`, emailIndex: 'v2:shared' }),
      ),
    )
    expect(results.filter(Boolean)).toHaveLength(1)
  })

  it(`two swaps from one hash: exactly one lands (${kind.concurrent ? 'row lock' : 'serialised'})`, async () => {
    const { accounts } = await setUp()
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => accounts.compareAndSwapHash(swap(`hash-${i + 1}`))),
    )
    expect(results.filter(Boolean)).toHaveLength(1)
    const winner = results.indexOf(true) + 1
    expect(await accounts.find(alice)).toMatchObject({
      passwordHash: `hash-${winner}`,
      scheme: 'argon2id',
      passwordChangedAt: null,
    })
    expect(await accounts.compareAndSwapHash(swap('late'))).toBe(false)
  })

  it('records logins, flags resets with unique reasons', async () => {
    const { accounts } = await setUp()
    await accounts.recordLogin(alice, T0 + 5)
    await accounts.flagForReset({ ...alice, reason: 'incident', now: T0 + 6 })
    await accounts.flagForReset({ ...alice, reason: 'admin', now: T0 + 7 })
    await accounts.flagForReset({ ...alice, reason: 'incident', now: T0 + 8 })
    const row = await accounts.find(alice)
    expect(row).toMatchObject({ lastLoginAt: T0 + 5, mustReset: true, updatedAt: T0 + 8 })
    expect((JSON.parse(row!.resetReasons) as string[]).sort()).toEqual(['admin', 'incident'])
  })

  it('a reset token is single-use under concurrency; the change is audited once', async () => {
    const { accounts, audit } = await setUp()
    await accounts.flagForReset({ ...alice, reason: 'admin', now: T0 })
    await accounts.insertResetToken(token('tok-1'))
    await accounts.insertResetToken(token('tok-2'))
    const live = { ...alice, tokenHash: 'tok-1', now: T0 + 10 }
    expect(await accounts.isLiveResetToken(live)).toBe(true)
    expect(await accounts.isLiveResetToken({ ...live, externalId: 'bob' })).toBe(false)
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        accounts.changePassword(change(`new-${i}`, { resetTokenHash: 'tok-1' }), entry()),
      ),
    )
    expect(results.filter(Boolean)).toHaveLength(1)
    const row = await accounts.find(alice)
    expect(row).toMatchObject({ passwordHash: `new-${results.indexOf(true)}`, mustReset: false })
    expect(row).toMatchObject({ resetReasons: '[]', passwordChangedAt: T0 + 10 })
    // Every outstanding token died with the change, not just the one spent.
    expect(await accounts.isLiveResetToken(live)).toBe(false)
    expect(await accounts.isLiveResetToken({ ...live, tokenHash: 'tok-2' })).toBe(false)
    expect((await audit.tail('acme'))?.seq).toBe(1)
  })

  it('an expired token changes nothing and logs nothing', async () => {
    const { accounts, audit } = await setUp()
    await accounts.insertResetToken(token('old', T0 + 5))
    expect(await accounts.changePassword(change('x', { resetTokenHash: 'old' }), entry())).toBe(
      false,
    )
    expect((await accounts.find(alice))?.passwordHash).toBe('hash-0')
    expect(await audit.tail('acme')).toBeNull()
  })

  it('by current password: a compare-and-swap, refused while a reset is required', async () => {
    const { accounts, audit } = await setUp()
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        accounts.changePassword(change(`cur-${i}`, { currentHash: 'hash-0' }), entry()),
      ),
    )
    expect(results.filter(Boolean)).toHaveLength(1)
    expect((await audit.tail('acme'))?.seq).toBe(1)
    const { passwordHash } = (await accounts.find(alice))!
    await accounts.flagForReset({ ...alice, reason: 'incident', now: T0 + 20 })
    const blocked = change('after', { currentHash: passwordHash })
    expect(await accounts.changePassword(blocked, entry())).toBe(false)
    expect((await accounts.find(alice))?.passwordHash).toBe(passwordHash)
    expect((await audit.tail('acme'))?.seq).toBe(1)
  })
}

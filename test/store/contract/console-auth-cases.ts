import { expect, it } from 'vitest'
import { checkAuditEntry } from '../../../src/audit/audit-insert.js'
import type { ConsoleUserRow } from '../../../src/store/ports/console-auth-store.js'
import type { OpenedBackend } from './backends.js'

const user = (id: string): ConsoleUserRow => ({
  id,
  tenantId: 'acme',
  emailIndex: 'idx-alice',
  passwordHash: '$argon2id$x',
  sealedTotpSecret: 'sealed',
  totpLastStep: 0,
  createdAt: 1,
  lastLoginAt: null,
})
const session = (idHash: string, now = 10) => ({
  idHash,
  userId: 'cu_1',
  tenantId: 'acme',
  createdAt: now,
  lastSeenAt: now,
})
const entry = (action: string, target: string | null = null) =>
  checkAuditEntry({ tenantId: 'acme', actor: 'console:cu_1', action, target, at: 1 })

/** The console contract: users created once, sessions rotated and ended with their entries. */
export function consoleAuthCases(backend: () => OpenedBackend) {
  const seed = async () => {
    const { tenantKeys } = backend().ports
    await tenantKeys.ensureTenant({ id: 'acme', name: 'Acme', serviceName: null }, 1)
  }
  const actions = async () =>
    (await backend().ports.audit.page({ tenantId: 'acme', order: 'asc', limit: 20 })).map(
      (row) => row.action,
    )

  it('creates a user with its entry once, even when two creates race', async () => {
    await seed()
    const { consoleAuth } = backend().ports
    const made = await Promise.all([
      consoleAuth.createUser(user('cu_1'), entry('console_user.created', 'cu_1')),
      consoleAuth.createUser(user('cu_2'), entry('console_user.created', 'cu_2')),
    ])
    expect(made.filter(Boolean)).toHaveLength(1)
    expect(await actions()).toEqual(['console_user.created'])
    const stored = await consoleAuth.findUser('acme', 'idx-alice')
    expect(stored?.id).toBe(made[0] ? 'cu_1' : 'cu_2')
    expect(await consoleAuth.findUserById(stored!.id)).toEqual(stored)
  })

  it('a TOTP step is consumed once', async () => {
    await seed()
    const { consoleAuth } = backend().ports
    await consoleAuth.createUser(user('cu_1'), null)
    const wins = await Promise.all(
      [1, 2].map(() => consoleAuth.consumeTotpStep({ id: 'cu_1', step: 7, now: 5 })),
    )
    expect(wins.filter(Boolean)).toHaveLength(1)
    expect(await consoleAuth.findUserById('cu_1')).toMatchObject({
      totpLastStep: 7,
      lastLoginAt: 5,
    })
  })

  it('sign-in rotates the presented session; sign-out is logged only for a live session', async () => {
    await seed()
    const { consoleAuth } = backend().ports
    await consoleAuth.startSession(session('planted'), null)
    await consoleAuth.startSession(session('fresh'), entry('console.signed_in'), 'planted')
    expect(await consoleAuth.findSession('planted')).toBeNull()
    expect(await consoleAuth.findSession('fresh')).toEqual(session('fresh'))
    await consoleAuth.touchSession('fresh', 50)
    expect(await consoleAuth.findSession('fresh')).toMatchObject({ lastSeenAt: 50 })
    expect(await consoleAuth.endSession('fresh', entry('console.signed_out'))).toBe(true)
    expect(await consoleAuth.endSession('fresh', entry('console.signed_out'))).toBe(false)
    expect(await actions()).toEqual(['console.signed_in', 'console.signed_out'])
  })

  it('a sign-in whose session cannot be stored logs nothing', async () => {
    await seed()
    const { consoleAuth } = backend().ports
    await consoleAuth.startSession(session('same'), null)
    await expect(
      consoleAuth.startSession(session('same'), entry('console.signed_in')),
    ).rejects.toThrow()
    expect(await actions()).toEqual([])
  })

  it('prunes only the expired sessions of the user', async () => {
    await seed()
    const { consoleAuth } = backend().ports
    await consoleAuth.startSession(session('old', 1), null)
    await consoleAuth.startSession(session('new', 100), null)
    await consoleAuth.startSession({ ...session('other', 1), userId: 'cu_9' }, null)
    await consoleAuth.pruneSessions('cu_1', { idleBefore: 50, createdBefore: 0 })
    expect(await consoleAuth.findSession('old')).toBeNull()
    expect(await consoleAuth.findSession('new')).not.toBeNull()
    expect(await consoleAuth.findSession('other')).not.toBeNull()
  })
}

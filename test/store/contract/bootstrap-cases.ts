import { expect, it } from 'vitest'
import { checkAuditEntry } from '../../../src/audit/audit-insert.js'
import type { ApiKeyRow } from '../../../src/store/ports/tenant-key-store.js'
import type { ContractBackend, OpenedBackend } from './backends.js'

const key = (n: number): ApiKeyRow => ({
  id: `boot${n}`,
  tenantId: 'default',
  keyHash: String(n).padStart(64, '0'),
  scopes: ['check', 'admin'],
  label: null,
  createdAt: 10 + n,
  revokedAt: null,
})
const entry = (n: number) =>
  checkAuditEntry({ tenantId: 'default', actor: 'system', action: 'api_key.bootstrapped', at: n })

/** The bootstrap contract: one key, one marker, one entry, however many instances start. */
export function bootstrapCases(backend: () => OpenedBackend, kind: ContractBackend) {
  it('stores the key with its marker once; later starts find the marker', async () => {
    const { bootstrap, tenantKeys, audit } = backend().ports
    await tenantKeys.ensureTenant({ id: 'default', name: 'Default', serviceName: null }, 1)
    expect(await bootstrap.marker()).toBeNull()
    expect(await bootstrap.anyAdminKeyEver()).toBe(false)
    expect(await bootstrap.storeKey(key(1), entry(1))).toBe(true)
    expect(await bootstrap.storeKey(key(2), entry(2))).toBe(false)
    expect(await bootstrap.marker()).toEqual({ keyId: 'boot1', at: 11 })
    expect(await bootstrap.keyState(key(1).keyHash)).toBe('active')
    expect(await bootstrap.keyState(key(2).keyHash)).toBe('unknown')
    await tenantKeys.revokeApiKey({ tenantId: 'default', id: 'boot1', now: 20 })
    expect(await bootstrap.keyState(key(1).keyHash)).toBe('revoked')
    expect(await bootstrap.anyAdminKeyEver()).toBe(true)
    expect((await audit.head('default'))?.seq).toBe(1)
    await bootstrap.markDone(30)
    expect(await bootstrap.marker()).toEqual({ keyId: 'boot1', at: 11 })
  })

  it(`instances starting together store one bootstrap key (${kind.concurrent ? 'concurrent' : 'serialised'})`, async () => {
    const { bootstrap, tenantKeys, audit } = backend().ports
    await tenantKeys.ensureTenant({ id: 'default', name: 'Default', serviceName: null }, 1)
    const won = await Promise.all(
      Array.from({ length: 6 }, (_, n) => bootstrap.storeKey(key(n), entry(n))),
    )
    expect(won.filter(Boolean)).toHaveLength(1)
    const winner = won.indexOf(true)
    expect(await bootstrap.marker()).toMatchObject({ keyId: `boot${winner}` })
    expect(await tenantKeys.listApiKeys('default')).toEqual([key(winner)])
    expect(await audit.page({ tenantId: 'default', order: 'asc', limit: 10 })).toHaveLength(1)
  })

  it('markDone records a marker without a key, once', async () => {
    const { bootstrap } = backend().ports
    await Promise.all([bootstrap.markDone(5), bootstrap.markDone(6)])
    expect(await bootstrap.marker()).toMatchObject({ keyId: null })
  })
}

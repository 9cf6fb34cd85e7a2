import { expect, it } from 'vitest'
import type { ApiKeyRow } from '../../../src/store/ports/tenant-key-store.js'
import type { OpenedBackend } from './backends.js'

const key = (over: Partial<ApiKeyRow>): ApiKeyRow => ({
  id: 'k1',
  tenantId: 'acme',
  keyHash: 'a'.repeat(64),
  scopes: ['check', 'login'],
  label: null,
  createdAt: 1_700_000_000_000,
  revokedAt: null,
  ...over,
})

/** The tenants-and-keys contract; `backend()` is the store opened by the caller's beforeEach. */
export function tenantKeyCases(backend: () => OpenedBackend) {
  it('ensureTenant is idempotent and keeps the first row', async () => {
    const { tenantKeys } = backend().ports
    const first = await tenantKeys.ensureTenant(
      { id: 'acme', name: 'Acme', serviceName: 'acme.be' },
      1,
    )
    const again = await tenantKeys.ensureTenant({ id: 'acme', name: 'Other', serviceName: null }, 2)
    expect(again).toEqual(first)
    expect(first).toMatchObject({ id: 'acme', name: 'Acme', serviceName: 'acme.be', createdAt: 1 })
    expect(await tenantKeys.findTenant('nope')).toBeNull()
  })

  it('concurrent ensureTenant calls all return the one tenant', async () => {
    const { tenantKeys } = backend().ports
    const rows = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        tenantKeys.ensureTenant({ id: 'race', name: `n${i}`, serviceName: null }, i),
      ),
    )
    expect(new Set(rows.map((row) => row.name)).size).toBe(1)
  })

  it('finds active keys by hash, lists per tenant, revokes once and only in its tenant', async () => {
    const { tenantKeys } = backend().ports
    await tenantKeys.ensureTenant({ id: 'acme', name: 'Acme', serviceName: null }, 1)
    await tenantKeys.ensureTenant({ id: 'other', name: 'Other', serviceName: null }, 1)
    await tenantKeys.insertApiKey(key({}))
    await tenantKeys.insertApiKey(key({ id: 'k2', tenantId: 'other', keyHash: 'b'.repeat(64) }))
    expect(await tenantKeys.findActiveApiKey('a'.repeat(64))).toEqual(key({}))
    expect(await tenantKeys.listApiKeys('acme')).toEqual([key({})])
    expect(await tenantKeys.hasActiveAdminKey()).toBe(false)

    expect(await tenantKeys.revokeApiKey({ tenantId: 'other', id: 'k1', now: 5 })).toBe(false)
    expect(await tenantKeys.revokeApiKey({ tenantId: 'acme', id: 'k1', now: 5 })).toBe(true)
    expect(await tenantKeys.revokeApiKey({ tenantId: 'acme', id: 'k1', now: 6 })).toBe(false)
    expect(await tenantKeys.findActiveApiKey('a'.repeat(64))).toBeNull()
    expect(await tenantKeys.listApiKeys('acme')).toEqual([key({ revokedAt: 5 })])
  })

  it('a key hash is unique across tenants, and an admin scope is found', async () => {
    const { tenantKeys } = backend().ports
    await tenantKeys.ensureTenant({ id: 'acme', name: 'Acme', serviceName: null }, 1)
    await tenantKeys.insertApiKey(key({ scopes: ['check', 'login', 'admin'] }))
    await expect(tenantKeys.insertApiKey(key({ id: 'k9' }))).rejects.toThrow()
    expect(await tenantKeys.hasActiveAdminKey()).toBe(true)
  })

  it('a key must belong to an existing tenant', async () => {
    const { tenantKeys } = backend().ports
    await expect(tenantKeys.insertApiKey(key({ tenantId: 'ghost' }))).rejects.toThrow()
  })
}

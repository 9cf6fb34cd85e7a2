import { expect, it } from 'vitest'
import { checkAuditEntry } from '../../../src/audit/audit-insert.js'
import type { ApiKeyRow } from '../../../src/store/ports/tenant-key-store.js'
import type { ContractBackend, OpenedBackend } from './backends.js'

const key: ApiKeyRow = {
  id: 'k1',
  tenantId: 'acme',
  keyHash: 'a'.repeat(64),
  scopes: ['admin', 'check'],
  label: 'ops',
  createdAt: 1,
  revokedAt: null,
}
const entry = (action: string, at: number) =>
  checkAuditEntry({ tenantId: 'acme', actor: 'console:ann', action, target: 'k1', at })

/** Audited key changes: the key and its entry together; a revoke logs only when it revoked. */
export function apiKeyAdminCases(backend: () => OpenedBackend, kind: ContractBackend) {
  const setUp = async () => {
    const { ports } = backend()
    await ports.tenantKeys.ensureTenant({ id: 'acme', name: 'Acme', serviceName: null }, 1)
    return ports
  }

  it('creates a key with its entry; revokes once, logging once', async () => {
    const { apiKeyAdmin, tenantKeys, audit } = await setUp()
    await apiKeyAdmin.create(key, entry('api_key.created', 1))
    expect(await tenantKeys.findActiveApiKey(key.keyHash)).toMatchObject({ id: 'k1' })
    expect(await apiKeyAdmin.revoke({ tenantId: 'other', id: 'k1', now: 2 }, entry('x.y', 2))).toBe(
      false,
    )
    const revoke = () =>
      apiKeyAdmin.revoke({ tenantId: 'acme', id: 'k1', now: 3 }, entry('api_key.revoked', 3))
    expect(await revoke()).toBe(true)
    expect(await revoke()).toBe(false)
    expect(await tenantKeys.findActiveApiKey(key.keyHash)).toBeNull()
    const actions = (await audit.page({ tenantId: 'acme', order: 'asc', limit: 10 })).map(
      (row) => row.action,
    )
    expect(actions).toEqual(['api_key.created', 'api_key.revoked'])
  })

  it('a duplicate key id writes neither the key nor its entry', async () => {
    const { apiKeyAdmin, audit } = await setUp()
    await apiKeyAdmin.create(key, entry('api_key.created', 1))
    await expect(
      apiKeyAdmin.create({ ...key, keyHash: 'b'.repeat(64) }, entry('api_key.created', 2)),
    ).rejects.toThrow()
    expect((await audit.head('acme'))?.seq).toBe(1)
  })

  it.runIf(kind.concurrent)('concurrent revokes of one key log exactly one entry', async () => {
    const { apiKeyAdmin, audit } = await setUp()
    await apiKeyAdmin.create(key, entry('api_key.created', 1))
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        apiKeyAdmin.revoke(
          { tenantId: 'acme', id: 'k1', now: 10 + i },
          entry('api_key.revoked', 10 + i),
        ),
      ),
    )
    expect(results.filter(Boolean)).toHaveLength(1)
    expect((await audit.head('acme'))?.seq).toBe(2)
  })
}

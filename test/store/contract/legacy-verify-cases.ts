import { expect, it } from 'vitest'
import { checkAuditEntry } from '../../../src/audit/audit-insert.js'
import type { OpenedBackend } from './backends.js'

const row = (now: number) => ({
  tenantId: 'acme',
  url: 'https://legacy.example/verify',
  sealedSecret: `sealed-${now}`,
  timeoutMs: 5_000,
  createdAt: now,
  updatedAt: now,
})
const entry = (action: string) => checkAuditEntry({ tenantId: 'acme', actor: 'cli', action, at: 1 })

/** The legacy verify contract: put keeps createdAt, remove is logged only when it removes. */
export function legacyVerifyCases(backend: () => OpenedBackend) {
  it('creates, replaces and removes the endpoint, each with its entry', async () => {
    const { legacyVerify, audit } = backend().ports
    expect(await legacyVerify.find('acme')).toBeNull()
    expect(await legacyVerify.put(row(1), entry('legacy_verify.set'))).toEqual({ created: true })
    expect(await legacyVerify.put(row(2), entry('legacy_verify.set'))).toEqual({ created: false })
    expect(await legacyVerify.find('acme')).toEqual({ ...row(2), createdAt: 1 })
    expect(await legacyVerify.remove('acme', entry('legacy_verify.deleted'))).toBe(true)
    expect(await legacyVerify.remove('acme', entry('legacy_verify.deleted'))).toBe(false)
    const rows = await audit.page({ tenantId: 'acme', order: 'asc', limit: 10 })
    expect(rows.map((r) => r.action)).toEqual([
      'legacy_verify.set',
      'legacy_verify.set',
      'legacy_verify.deleted',
    ])
  })
}

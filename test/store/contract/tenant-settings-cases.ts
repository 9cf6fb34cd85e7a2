import { expect, it } from 'vitest'
import { checkAuditEntry } from '../../../src/audit/audit-insert.js'
import type { OpenedBackend } from './backends.js'

const entry = (at: number) =>
  checkAuditEntry({ tenantId: 'acme', actor: 'cli', action: 'tenant.policy_set', at })

/** The tenant settings contract: set columns change, the rest stay, each with its entry. */
export function tenantSettingsCases(backend: () => OpenedBackend) {
  it('updates only the given columns and logs each change', async () => {
    const { tenantKeys, tenantSettings, audit } = backend().ports
    await tenantKeys.ensureTenant({ id: 'acme', name: 'Acme', serviceName: null }, 1)
    await tenantSettings.update(
      'acme',
      { minPasswordLength: 12, breachActionLogin: 'block' },
      entry(2),
    )
    await tenantSettings.update(
      'acme',
      { contact: '{"name":"DPO","email":"d@x.example"}' },
      entry(3),
    )
    await tenantSettings.update('acme', {}, entry(4))
    expect(await tenantKeys.findTenant('acme')).toMatchObject({
      minPasswordLength: 12,
      breachActionLogin: 'block',
      breachActionSignup: null,
      contact: '{"name":"DPO","email":"d@x.example"}',
    })
    expect((await audit.head('acme'))?.seq).toBe(3)
  })
}

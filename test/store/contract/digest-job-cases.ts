import { expect, it } from 'vitest'
import type { CheckedGroup } from '../../../src/store/ports/digest-job-store.js'
import type { ContractBackend, OpenedBackend } from './backends.js'

const T0 = 1_700_000_000_000
const INCIDENT = 'inc_1'
const scope = { tenantId: 'acme', incidentId: INCIDENT }
const group = (): CheckedGroup => ({
  ...scope,
  matched: [{ recordKey: 'r1', externalId: 'a' }],
  unmatched: ['r2', 'r3'],
  busyMs: 40,
  now: T0 + 50,
})

/** The wrapped-digest job: candidates, groups written once however often they are sent. */
export function digestJobCases(backend: () => OpenedBackend, kind: ContractBackend) {
  const setUp = async () => {
    const { ports, seed } = backend()
    await ports.tenantKeys.ensureTenant({ id: 'acme', name: 'Acme', serviceName: null }, T0)
    for (const externalId of ['a', 'b']) {
      const row = { tenantId: 'acme', externalId, emailIndex: null, passwordHash: 'h' }
      await ports.accounts.insert({ ...row, scheme: 'sha1', createdAt: T0, updatedAt: T0 })
    }
    const record = (key: string, account: string | null) =>
      `INSERT INTO exposure_records (tenant_id, incident_id, record_key, external_id, password_match, match_via, digest_pending, password_added, created_at) VALUES ('acme', '${INCIDENT}', '${key}', ${account ? `'${account}'` : 'NULL'}, false, 0, true, false, ${T0})`
    const exposure = (id: string) =>
      `INSERT INTO account_exposures (tenant_id, incident_id, external_id, password_match, match_via, created_at) VALUES ('acme', '${INCIDENT}', '${id}', false, 0, ${T0})`
    await seed([
      record('r1', 'a'),
      record('r2', 'b'),
      record('r3', null),
      exposure('a'),
      exposure('b'),
      `INSERT INTO incident_counters (tenant_id, incident_id, records, accounts_exposed) VALUES ('acme', '${INCIDENT}', 3, 2)`,
    ])
    await ports.digestJob.addCandidates({ ...scope, now: T0 }, 2)
    await ports.digestJob.addCandidates({ ...scope, now: T0 + 1 }, 1)
    return ports
  }

  it('counts candidates, writes a group, reports progress', async () => {
    const ports = await setUp()
    expect(await ports.digestJob.read({ tenantId: 'acme', incidentId: 'other' })).toEqual({
      job: null,
      pending: 0,
    })
    expect(await ports.digestJob.read(scope)).toMatchObject({
      job: { candidates: 3, checked: 0, matched: 0, startedAt: T0, updatedAt: T0 + 1 },
      pending: 3,
    })
    await ports.digestJob.writeCheckedGroup(group())
    expect(await ports.digestJob.read(scope)).toMatchObject({
      job: { candidates: 3, checked: 3, matched: 1, busyMs: 40, updatedAt: T0 + 50 },
      pending: 0,
    })
    expect(await ports.accounts.listExposures({ tenantId: 'acme', externalId: 'a' })).toEqual([
      { incidentId: INCIDENT, passwordMatch: true },
    ])
    expect(await ports.accounts.listExposures({ tenantId: 'acme', externalId: 'b' })).toEqual([
      { incidentId: INCIDENT, passwordMatch: false },
    ])
    const inScope = { ...scope, scope: 'password_match' as const }
    expect(await ports.resets.countInScope(inScope)).toBe(1)
  })

  it(`two writers of one group count it once (${kind.name})`, async () => {
    const ports = await setUp()
    await Promise.all([group(), group(), group()].map((g) => ports.digestJob.writeCheckedGroup(g)))
    expect(await ports.digestJob.read(scope)).toMatchObject({
      job: { candidates: 3, checked: 3, matched: 1 },
      pending: 0,
    })
    const inScope = { ...scope, scope: 'password_match' as const }
    expect(await ports.resets.countInScope(inScope)).toBe(1)
  })
}

import { expect, it } from 'vitest'
import { checkAuditEntry } from '../../../src/audit/audit-insert.js'
import type { BreachDigestWrite } from '../../../src/store/ports/breach-policy-store.js'
import type { ContractBackend, OpenedBackend } from './backends.js'

const T0 = 1_700_000_000_000
const DAY = 24 * 60 * 60_000
const flag = (externalId: string, passwordEpoch = T0, flaggedAt = T0 + 1) => ({
  ...{ tenantId: 'acme', externalId, passwordEpoch, moment: 'login', action: 'log' },
  ...{ breachCount: 7, flaggedAt },
})
let serial = 0
const digest = (now: number, extra: Partial<BreachDigestWrite> = {}): BreachDigestWrite => {
  const id = `evt-digest-${++serial}`
  return {
    ...{ tenantId: 'acme', now, limit: 500, daily: false },
    event: (flags) => ({
      ...{ id, tenantId: 'acme', type: 'tenant.breach_digest', now, incidentId: null },
      payload: JSON.stringify(flags.map((f) => f.externalId)),
    }),
    ...extra,
  }
}
const entry = (action: string) =>
  checkAuditEntry({ tenantId: 'acme', actor: 'test', action, at: T0 })

/** Breach flags once per password; each flag carried by exactly one digest. */
export function breachPolicyCases(backend: () => OpenedBackend, kind: ContractBackend) {
  const setUp = async () => {
    const { ports } = backend()
    await ports.tenantKeys.ensureTenant({ id: 'acme', name: 'Acme', serviceName: null }, T0)
    const endpoint = { tenantId: 'acme', url: 'https://hooks.example/p', sealedSecret: 's' }
    await ports.outbox.putEndpoint(
      { ...endpoint, createdAt: T0, updatedAt: T0 },
      entry('webhook.set'),
    )
    return ports
  }
  const carried = async (ports: OpenedBackend['ports']) => {
    const events = await ports.outbox.list({ tenantId: 'acme', limit: 100 })
    return events.flatMap((e) => JSON.parse(e.payload) as string[]).sort()
  }

  it('records a flag once per account and password; a digest carries it once', async () => {
    const ports = await setUp()
    const store = ports.breachPolicy
    expect(await store.recordFlag(flag('a'))).toBe(true)
    expect(await store.recordFlag(flag('a'))).toBe(false)
    expect(await store.recordFlag(flag('a', T0 + 5, T0 + 6))).toBe(true)
    expect(await store.recordFlag(flag('b', T0, T0 + 3))).toBe(true)
    const open = await store.undigested('acme', 10)
    expect(open.map((f) => [f.externalId, f.flaggedAt])).toEqual([
      ['a', T0 + 1],
      ['b', T0 + 3],
      ['a', T0 + 6],
    ])
    expect(open[0]).toEqual({ ...flag('a'), digestedAt: null })
    expect(await store.writeDigest(digest(T0 + 10, { limit: 2 }))).toBe(2)
    expect(await store.writeDigest(digest(T0 + 11))).toBe(1)
    expect(await store.writeDigest(digest(T0 + 12))).toBe(0)
    expect(await store.undigested('acme', 10)).toEqual([])
    expect(await carried(ports)).toEqual(['a', 'a', 'b'])
  })

  it('daily digests: due once a day while flags wait', async () => {
    const ports = await setUp()
    const store = ports.breachPolicy
    await ports.tenantSettings.update('acme', { breachDigest: 'daily' }, entry('tenant.policy_set'))
    expect(await store.dueDailyTenants(T0)).toEqual([])
    await store.recordFlag(flag('a'))
    expect(await store.dueDailyTenants(T0)).toEqual([{ id: 'acme', breachDigest: 'daily' }])
    expect(await store.writeDigest(digest(T0 + 10, { daily: true }))).toBe(1)
    await store.recordFlag(flag('b'))
    expect(await store.dueDailyTenants(T0 + 9)).toEqual([])
    expect(await store.dueDailyTenants(T0 + 10)).toHaveLength(1)
    expect(await store.dueDailyTenants(T0 + 10 + DAY)).toHaveLength(1)
  })

  it(`racing digests carry each flag exactly once (${kind.name})`, async () => {
    const ports = await setUp()
    for (const id of ['a', 'b', 'c', 'd', 'e']) await ports.breachPolicy.recordFlag(flag(id))
    const counts = await Promise.all(
      [1, 2, 3, 4].map((n) => ports.breachPolicy.writeDigest(digest(T0 + n, { limit: 3 }))),
    )
    // A writer that lost a race on SQLite/D1 carries nothing; the next pass takes the rest.
    while ((await ports.breachPolicy.undigested('acme', 10)).length > 0) {
      await ports.breachPolicy.writeDigest(digest(T0 + 9))
    }
    expect(counts.reduce((sum, n) => sum + n, 0)).toBeLessThanOrEqual(5)
    expect(await carried(ports)).toEqual(['a', 'b', 'c', 'd', 'e'])
  })
}

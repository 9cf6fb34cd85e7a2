import { expect, it } from 'vitest'
import { checkAuditEntry } from '../../../src/audit/audit-insert.js'
import type { ForcedResets } from '../../../src/store/ports/reset-store.js'
import type { ContractBackend, OpenedBackend } from './backends.js'

const T0 = 1_700_000_000_000
const INCIDENT = 'inc_1'
const scope = { tenantId: 'acme', incidentId: INCIDENT }
let serial = 0

/** A forced reset of `ids` with fresh token hashes (a new request each time). */
const resetOf = (ids: string[], reason: string, extra: Partial<ForcedResets> = {}) => {
  const batch = ++serial
  return {
    tenantId: 'acme',
    reason,
    now: T0 + 10,
    incidentId: INCIDENT,
    oncePerReason: true,
    tokens: ids.map((externalId) => ({
      ...{ tokenHash: `tok-${batch}-${externalId}`, tenantId: 'acme', externalId, reason },
      ...{ createdAt: T0 + 10, expiresAt: T0 + 1_000, usedAt: null },
    })),
    event: (externalId: string) => ({
      ...{ id: `evt-${batch}-${externalId}`, tenantId: 'acme', type: 'account.reset_required' },
      ...{ payload: '{}', now: T0 + 10, incidentId: INCIDENT },
    }),
    audit: (accounts: number) =>
      checkAuditEntry({
        ...{ tenantId: 'acme', actor: 'test', action: 'incident.resets_forced' },
        ...{ target: INCIDENT, details: { accounts }, at: T0 + 10 },
      }),
    ...extra,
  }
}
const exposed = `incident:${INCIDENT}:exposed`
const matched = `incident:${INCIDENT}:password_match`

/** Forced resets: scopes, one token per account and reason, counters and audit counted once. */
export function resetCases(backend: () => OpenedBackend, kind: ContractBackend) {
  const setUp = async () => {
    const { ports, seed } = backend()
    await ports.tenantKeys.ensureTenant({ id: 'acme', name: 'Acme', serviceName: null }, T0)
    for (const externalId of ['a', 'b', 'c', 'd']) {
      const row = { tenantId: 'acme', externalId, emailIndex: null, passwordHash: 'h' }
      await ports.accounts.insert({ ...row, scheme: 'sha1', createdAt: T0, updatedAt: T0 })
    }
    const exposure = (id: string, match: boolean) =>
      `INSERT INTO account_exposures (tenant_id, incident_id, external_id, password_match, match_via, created_at) VALUES ('acme', '${INCIDENT}', '${id}', ${match}, ${match ? 1 : 0}, ${T0})`
    await seed([
      exposure('a', true),
      exposure('b', false),
      exposure('c', false),
      `INSERT INTO incident_counters (tenant_id, incident_id, accounts_exposed, password_matches) VALUES ('acme', '${INCIDENT}', 3, 1)`,
    ])
    return ports
  }
  const tokensOf = async (ports: OpenedBackend['ports'], tokenHashes: string[]) => {
    const live = await Promise.all(
      tokenHashes.map((tokenHash) => {
        const externalId = tokenHash.split('-')[2] ?? ''
        return ports.accounts.isLiveResetToken({
          tenantId: 'acme',
          externalId,
          tokenHash,
          now: T0 + 20,
        })
      }),
    )
    return live.filter(Boolean).length
  }

  it('reaches the accounts of each scope and counts them', async () => {
    const { resets } = await setUp()
    const of = (s: 'password_match' | 'exposed' | 'all') => ({ ...scope, scope: s })
    expect(await resets.accountsInScope(of('password_match'))).toEqual(['a'])
    expect((await resets.accountsInScope(of('exposed'))).sort()).toEqual(['a', 'b', 'c'])
    expect((await resets.accountsInScope(of('all'))).sort()).toEqual(['a', 'b', 'c', 'd'])
    expect(await resets.countInScope(of('password_match'))).toBe(1)
    expect(await resets.countInScope(of('exposed'))).toBe(3)
    expect(await resets.countInScope(of('all'))).toBe(4)
  })

  it('resets atomically, once per account and reason; the counter counts accounts once', async () => {
    const ports = await setUp()
    const first = resetOf(['a'], matched)
    expect(await ports.resets.forceResets(first)).toEqual(['a'])
    expect(await ports.accounts.find({ tenantId: 'acme', externalId: 'a' })).toMatchObject({
      mustReset: true,
      resetReasons: JSON.stringify([matched]),
    })
    // The same scope again: a live token of that reason stands, nothing new is written.
    expect(await ports.resets.forceResets(resetOf(['a'], matched))).toEqual([])
    expect((await ports.resets.forceResets(resetOf(['a', 'b', 'c'], exposed))).sort()).toEqual([
      'a',
      'b',
      'c',
    ])
    expect(await ports.resets.resetsForced(scope)).toBe(3)
    expect((await ports.audit.tail('acme'))?.seq).toBe(2)
    const [entry] = await ports.audit.page({ tenantId: 'acme', order: 'desc', limit: 1 })
    expect(JSON.parse(entry?.details ?? '{}')).toEqual({ accounts: 3 })
    // An admin reset (not once per reason) always issues a new token.
    const admin = resetOf(['d'], 'admin_reset', { oncePerReason: false })
    const { incidentId: _none, ...adminReset } = admin
    expect(await ports.resets.forceResets(adminReset)).toEqual(['d'])
    expect(
      await ports.resets.forceResets({
        ...adminReset,
        tokens: resetOf(['d'], 'admin_reset').tokens,
      }),
    ).toEqual(['d'])
    expect(await ports.resets.resetsForced(scope)).toBe(3)
  })

  it(`racing resets issue each account's token once and count it once (${kind.name})`, async () => {
    const ports = await setUp()
    const requests = [
      resetOf(['a', 'b', 'c'], exposed),
      resetOf(['a', 'b', 'c'], exposed),
      resetOf(['a'], matched),
      resetOf(['a'], matched),
    ]
    const results = await Promise.all(requests.map((r) => ports.resets.forceResets(r)))
    expect(results.slice(0, 2).flat().sort()).toEqual(['a', 'b', 'c'])
    expect(results.slice(2).flat()).toEqual(['a'])
    const hashes = requests.flatMap((r) => r.tokens.map((t) => t.tokenHash))
    expect(await tokensOf(ports, hashes)).toBe(4)
    expect(await ports.resets.resetsForced(scope)).toBe(3)
    // One audit entry per write that reset something, each counting what it reset.
    const entries = await ports.audit.page({ tenantId: 'acme', order: 'asc', limit: 10 })
    const counted = entries.map((e) => (JSON.parse(e.details) as { accounts: number }).accounts)
    expect(counted.reduce((sum, n) => sum + n, 0)).toBe(4)
  })
}

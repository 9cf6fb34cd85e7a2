import { expect, it } from 'vitest'
import { checkAuditEntry } from '../../../src/audit/audit-insert.js'
import type { NewAccount } from '../../../src/store/ports/account-store.js'
import type { OutboxEvent } from '../../../src/store/ports/webhook-outbox-store.js'
import type { OpenedBackend } from './backends.js'

const T0 = 1_700_000_000_000
const account = (tenantId: string, externalId: string): NewAccount => ({
  tenantId,
  externalId,
  emailIndex: null,
  passwordHash: 'hash',
  scheme: 'sha1',
  createdAt: T0,
  updatedAt: T0,
})
const event = (n: number, incidentId: string | null, tenantId = 'acme'): OutboxEvent => ({
  id: `evt_${tenantId}_${n}`,
  tenantId,
  type: 'account.exposed',
  payload: JSON.stringify({ n }),
  incidentId,
  now: 100 + n,
})
const endpoint = (tenantId: string) => ({
  tenantId,
  url: 'https://hooks.example/in',
  sealedSecret: 'sealed',
  createdAt: 1,
  updatedAt: 1,
})
const entry = (action: string, actor: string, at: number, tenantId = 'acme') =>
  checkAuditEntry({ tenantId, actor, action, at })

/** The console's reads: the same answers on every backend, one tenant at a time. */
export function consoleQueryCases(backend: () => OpenedBackend) {
  it('counts flagged accounts of one tenant; lists no open incident of an empty tenant', async () => {
    const { tenantKeys, accounts, consoleQueries } = backend().ports
    for (const id of ['acme', 'other']) {
      await tenantKeys.ensureTenant({ id, name: id, serviceName: null }, T0)
    }
    for (const [tenantId, externalId] of [
      ['acme', 'a'],
      ['acme', 'b'],
      ['acme', 'c'],
      ['other', 'a'],
    ] as const) {
      await accounts.insert(account(tenantId, externalId))
    }
    for (const [tenantId, externalId] of [
      ['acme', 'a'],
      ['acme', 'b'],
      ['other', 'a'],
    ] as const) {
      await accounts.flagForReset({ tenantId, externalId, reason: 'incident', now: T0 + 1 })
    }
    expect(await consoleQueries.flaggedAccounts('acme')).toBe(2)
    expect(await consoleQueries.flaggedAccounts('nobody')).toBe(0)
    expect(await consoleQueries.openIncidents('acme', 50)).toEqual([])
    await expect(consoleQueries.ping()).resolves.toBeUndefined()
  })

  it('searches the audit chain newest first by plain substrings, days and a cursor', async () => {
    const { audit, consoleQueries } = backend().ports
    await audit.append(entry('incident.created', 'console:ann', 1_000))
    await audit.append(entry('key.created', 'key:k1', 2_000))
    await audit.append(entry('incident.50%_done', 'key:k2', 3_000))
    await audit.append(entry('incident.closed', 'console:bob', 4_000))
    await audit.append(entry('incident.created', 'cli', 1_500, 'other'))
    const seqs = async (search: Partial<Parameters<typeof consoleQueries.searchAudit>[0]>) =>
      (await consoleQueries.searchAudit({ tenantId: 'acme', limit: 10, ...search })).map(
        (row) => row.seq,
      )
    expect(await seqs({})).toEqual([4, 3, 2, 1])
    expect(await seqs({ actionContains: 'incident' })).toEqual([4, 3, 1])
    // `%` and `_` are the characters themselves, and case counts.
    expect(await seqs({ actionContains: '50%_' })).toEqual([3])
    expect(await seqs({ actionContains: '5__' })).toEqual([])
    expect(await seqs({ actionContains: 'INCIDENT' })).toEqual([])
    expect(await seqs({ actorContains: 'key:' })).toEqual([3, 2])
    expect(await seqs({ fromMs: 2_000, untilMs: 4_000 })).toEqual([3, 2])
    expect(await seqs({ before: 3, limit: 1 })).toEqual([2])
    const [row] = await consoleQueries.searchAudit({ tenantId: 'acme', limit: 1 })
    expect(row).toMatchObject({ tenantId: 'acme', seq: 4, at: 4_000, actor: 'console:bob' })
  })

  it("reads an incident's webhook delivery state and the backlog of every tenant", async () => {
    const { outbox, consoleQueries } = backend().ports
    const set = entry('webhook.set', 'cli', 1)
    await outbox.putEndpoint(endpoint('acme'), set)
    await outbox.putEndpoint(endpoint('other'), { ...set, tenantId: 'other' })
    for (const n of [1, 2, 3]) await outbox.enqueue(event(n, 'inc1'))
    await outbox.enqueue(event(4, null))
    await outbox.enqueue(event(1, 'inc1', 'other'))
    const due = await outbox.due(1_000, 10)
    const settle = async (id: string, outcome: Parameters<typeof outbox.settle>[1]) => {
      const row = due.find((candidate) => candidate.id === id)!
      expect(await outbox.claim(row, 10_000)).toBe(1)
      expect(await outbox.settle({ id, attempts: 1 }, outcome)).toBe(true)
    }
    await settle('evt_acme_1', { kind: 'delivered', at: 500 })
    await settle('evt_acme_2', { kind: 'failed', at: 600, lastError: 'http_500' })
    expect(await consoleQueries.incidentWebhookStatus('acme', 'inc1')).toEqual({
      pending: 1,
      delivered: 1,
      failed: 1,
      recentFailures: [{ id: 'evt_acme_2', type: 'account.exposed', lastError: 'http_500' }],
    })
    expect(await consoleQueries.incidentWebhookStatus('acme', 'inc2')).toEqual({
      pending: 0,
      delivered: 0,
      failed: 0,
      recentFailures: [],
    })
    // acme's evt 3 and 4, other's evt 1.
    expect(await consoleQueries.outboxBacklog()).toBe(3)
  })
}

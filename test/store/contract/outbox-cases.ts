import { expect, it } from 'vitest'
import { deriveAuditChainKey } from '../../../src/audit/audit-chain-key.js'
import { checkAuditEntry } from '../../../src/audit/audit-insert.js'
import { verifyAuditChain } from '../../../src/audit/verify-audit-chain.js'
import type { OutboxEvent, OutboxRow } from '../../../src/store/ports/webhook-outbox-store.js'
import type { ContractBackend, OpenedBackend } from './backends.js'

const AUDIT_KEY = deriveAuditChainKey(new Uint8Array(32).fill(7))
const endpoint = (tenantId = 'acme', now = 1) => ({
  tenantId,
  url: 'https://hooks.example/in',
  sealedSecret: 'sealed',
  createdAt: now,
  updatedAt: now,
})
const event = (n: number, tenantId = 'acme'): OutboxEvent => ({
  id: `evt_${n}`,
  tenantId,
  type: 'test.event',
  payload: JSON.stringify({ n }),
  incidentId: null,
  now: 100 + n,
})
const entry = (action: string, at = 1) =>
  checkAuditEntry({ tenantId: 'acme', actor: 'cli', action, at })

/** The outbox contract: events only with an endpoint, claims won once, audited changes. */
export function outboxCases(backend: () => OpenedBackend, kind: ContractBackend) {
  it('queues an event once, and only while the tenant has an endpoint', async () => {
    const { outbox } = backend().ports
    expect(await outbox.enqueue(event(1))).toBe(false)
    expect(await outbox.putEndpoint(endpoint(), entry('webhook.set'))).toEqual({ created: true })
    expect(await outbox.putEndpoint(endpoint('acme', 5), entry('webhook.set'))).toEqual({
      created: false,
    })
    expect(await outbox.endpoint('acme')).toMatchObject({ createdAt: 1, updatedAt: 5 })
    expect(await outbox.enqueue(event(1))).toBe(true)
    expect(await outbox.enqueue(event(1))).toBe(false)
    const [row] = await outbox.list({ tenantId: 'acme', limit: 10 })
    expect(row).toMatchObject({ id: 'evt_1', attempts: 0, nextAttemptAt: 101, deliveredAt: null })
    expect(await outbox.hasEvent({ tenantId: 'other', id: 'evt_1' })).toBe(false)
  })

  it('a claim is won once; settling is keyed on the claimed attempt', async () => {
    const { outbox } = backend().ports
    await outbox.putEndpoint(endpoint(), entry('webhook.set'))
    await outbox.enqueue(event(1))
    const [row] = await outbox.due(200, 10)
    expect(await outbox.claim(row!, 10_000)).toBe(1)
    expect(await outbox.claim(row!, 10_000)).toBeNull()
    expect(await outbox.due(200, 10)).toEqual([])
    const retry = { kind: 'retry', at: 300, nextAttemptAt: 400, lastError: 'http_500' } as const
    expect(await outbox.settle({ id: row!.id, attempts: 0 }, retry)).toBe(false)
    expect(await outbox.settle({ id: row!.id, attempts: 1 }, retry)).toBe(true)
    const [again] = await outbox.due(400, 10)
    expect(again).toMatchObject({ attempts: 1, nextAttemptAt: 400, lastError: 'http_500' })
    expect(await outbox.claim(again!, 10_000)).toBe(2)
    await outbox.settle({ id: row!.id, attempts: 2 }, { kind: 'delivered', at: 500 })
    expect(await outbox.list({ tenantId: 'acme', status: 'delivered', limit: 5 })).toHaveLength(1)
    expect(await outbox.list({ tenantId: 'acme', status: 'pending', limit: 5 })).toHaveLength(0)
  })

  it(`two instances claiming the same due rows send each once (${kind.concurrent ? 'row locks' : 'serialised'})`, async () => {
    const { outbox } = backend().ports
    await outbox.putEndpoint(endpoint(), entry('webhook.set'))
    for (let n = 0; n < 20; n++) await outbox.enqueue(event(n))
    const instance = async () => {
      const won: string[] = []
      const due = await outbox.due(1_000, 100)
      await Promise.all(
        due.map(async (row: OutboxRow) => {
          if ((await outbox.claim(row, 60_000)) !== null) won.push(row.id)
        }),
      )
      return won
    }
    const [a, b] = await Promise.all([instance(), instance()])
    expect([...a!, ...b!].sort()).toEqual(Array.from({ length: 20 }, (_, n) => `evt_${n}`).sort())
  })

  it('redelivery and endpoint removal are logged only when they change something', async () => {
    const { outbox, audit } = backend().ports
    await outbox.putEndpoint(endpoint(), entry('webhook.set'))
    await outbox.enqueue(event(1))
    const redeliver = () =>
      outbox.redeliver({ tenantId: 'acme', id: 'evt_1', now: 900 }, entry('webhook.redelivered'))
    expect(await redeliver()).toBe(false)
    const [row] = await outbox.due(200, 1)
    await outbox.claim(row!, 10_000)
    await outbox.settle({ id: 'evt_1', attempts: 1 }, { kind: 'failed', at: 300, lastError: 'x' })
    expect(await redeliver()).toBe(true)
    expect((await outbox.due(900, 1))[0]).toMatchObject({ failedAt: null, nextAttemptAt: 900 })
    expect(await outbox.removeEndpoint('acme', entry('webhook.deleted'))).toBe(true)
    expect(await outbox.removeEndpoint('acme', entry('webhook.deleted'))).toBe(false)
    const actions = (await audit.page({ tenantId: 'acme', order: 'asc', limit: 10 })).map(
      (r) => r.action,
    )
    expect(actions).toEqual(['webhook.set', 'webhook.redelivered', 'webhook.deleted'])
  })

  it('audit appends interleaved with audited changes never fork the chain', async () => {
    const { outbox, audit } = backend().ports
    await Promise.all(
      Array.from({ length: 24 }, (_, n) =>
        n % 3 === 0
          ? audit.append(entry('test.appended', n))
          : n % 3 === 1
            ? outbox.putEndpoint(endpoint('acme', n), entry('webhook.set', n))
            : outbox.removeEndpoint('acme', entry('webhook.deleted', n)),
      ),
    )
    const verdict = await verifyAuditChain(audit, AUDIT_KEY, 'acme')
    expect(verdict.ok).toBe(true)
    const rows = await audit.page({ tenantId: 'acme', order: 'asc', limit: 100 })
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1))
    expect(rows.filter((r) => r.action !== 'webhook.deleted')).toHaveLength(16)
  })
}

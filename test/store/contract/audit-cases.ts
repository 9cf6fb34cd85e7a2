import { expect, it } from 'vitest'
import { checkAuditEntry } from '../../../src/audit/audit-insert.js'
import { deriveAuditChainKey } from '../../../src/audit/audit-chain-key.js'
import { verifyAuditChain } from '../../../src/audit/verify-audit-chain.js'
import type { AuditPageQuery } from '../../../src/store/ports/audit-store.js'
import type { OpenedBackend } from './backends.js'

/** The key every backend links with (backends.ts PORT_OPTIONS; not imported: it is Node-only). */
const AUDIT_KEY = deriveAuditChainKey(new Uint8Array(32).fill(7))

const entry = (n: number, tenantId = 'acme') =>
  checkAuditEntry({ tenantId, actor: 'cli', action: 'test.appended', details: { n }, at: n })

/** The audit contract: appends link one after another, per tenant, never forking. */
export function auditCases(backend: () => OpenedBackend) {
  it('links appends in order, each tenant its own chain', async () => {
    const { audit } = backend().ports
    expect(await audit.tail('acme')).toBeNull()
    const first = await audit.append(entry(1))
    const second = await audit.append(entry(2))
    const other = await audit.append(entry(3, 'globex'))
    expect([first.seq, second.seq, other.seq]).toEqual([1, 2, 1])
    expect(second.hash).not.toBe(first.hash)
    expect(await audit.tail('acme')).toEqual(second)
  })

  it('concurrent appends take every seq once: the chain never forks', async () => {
    const { audit } = backend().ports
    const links = await Promise.all(Array.from({ length: 30 }, (_, n) => audit.append(entry(n))))
    const seqs = links.map((link) => link.seq).sort((a, b) => a - b)
    expect(seqs).toEqual(Array.from({ length: 30 }, (_, n) => n + 1))
    expect(new Set(links.map((link) => link.hash)).size).toBe(30)
    expect(await audit.tail('acme')).toEqual(links.find((link) => link.seq === 30))
  })
}

/** Reading the chain: head, filtered pages in both orders, tenants, and verification. */
export function auditReadCases(backend: () => OpenedBackend) {
  const named = (n: number, action: string, actor = 'cli') =>
    checkAuditEntry({ tenantId: 'acme', actor, action, details: { n }, at: 1_000 + n })

  it('head is the newest entry; pages run from a cursor in either order, filtered', async () => {
    const { audit } = backend().ports
    expect(await audit.head('acme')).toBeNull()
    const actions = ['key.created', 'key_revoked', 'webhook.set', 'key.created', 'a%b']
    for (const [n, action] of actions.entries()) {
      await audit.append(named(n + 1, action, n === 2 ? 'key:k1' : 'cli'))
    }
    await audit.append(entry(9, 'globex'))
    const head = await audit.head('acme')
    expect(head).toMatchObject({ seq: 5, action: 'a%b', at: 1_005, keyed: true, target: null })
    expect(JSON.parse(head!.details)).toEqual({ n: 5 })
    const seqs = (rows: { seq: number }[]) => rows.map((row) => row.seq)
    type Query = Omit<AuditPageQuery, 'tenantId' | 'limit'> & { limit?: number }
    const page = (query: Query) => audit.page({ tenantId: 'acme', limit: 10, ...query })
    expect(seqs(await page({ order: 'asc', after: 1, limit: 2 }))).toEqual([2, 3])
    expect(seqs(await page({ order: 'desc' }))).toEqual([5, 4, 3, 2, 1])
    expect(seqs(await page({ order: 'desc', before: 4, limit: 2 }))).toEqual([3, 2])
    expect(seqs(await page({ order: 'desc', actionContains: 'key.' }))).toEqual([4, 1])
    // A substring, not a pattern: `_` and `%` match only themselves.
    expect(seqs(await page({ order: 'asc', actionContains: 'key_' }))).toEqual([2])
    expect(seqs(await page({ order: 'asc', actionContains: '%' }))).toEqual([5])
    expect(seqs(await page({ order: 'asc', actor: 'key:k1' }))).toEqual([3])
    expect(await audit.tenants()).toEqual(['acme', 'globex'])
  })

  it('a chain appended concurrently verifies from pages read in seq order', async () => {
    const { audit } = backend().ports
    await Promise.all(Array.from({ length: 25 }, (_, n) => audit.append(entry(n))))
    const verdict = await verifyAuditChain(audit, AUDIT_KEY, 'acme')
    expect(verdict).toMatchObject({ ok: true, entries: 25, head: { seq: 25 } })
  })
}

import { expect, it } from 'vitest'
import { checkAuditEntry } from '../../../src/audit/audit-insert.js'
import type { OpenedBackend } from './backends.js'

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

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { appendAudit } from '../../src/audit/append-audit.js'
import { listAuditEntries } from '../../src/audit/list-audit-entries.js'
import { createTestApp } from '../support/test-app.js'

describe('listAuditEntries (through the audit port, real SQLite)', () => {
  let t: ReturnType<typeof createTestApp>
  beforeEach(async () => {
    t = createTestApp()
    for (let i = 1; i <= 4; i++) {
      const details = { accounts: i }
      await appendAudit(t.deps, {
        tenantId: 'clinic',
        actor: 'cli',
        action: `a.${i}`,
        details,
        at: i,
      })
    }
  })
  afterEach(() => t.close())

  const list = (after: number, limit: number) =>
    listAuditEntries(t.deps.stores.audit, { tenantId: 'clinic', after, limit })

  it('pages oldest first and ends with next null, even when the last page is full', async () => {
    const first = await list(0, 2)
    expect(first.entries.map((entry) => entry.seq)).toEqual([1, 2])
    expect(first.next).toBe(2)
    const last = await list(2, 2)
    expect(last.entries.map((entry) => entry.seq)).toEqual([3, 4])
    expect(last.next).toBeNull()
  })

  it('gives times as ISO 8601 and details parsed, linked to the previous hash', async () => {
    const { entries } = await list(0, 10)
    expect(entries[0]).toMatchObject({
      at: '1970-01-01T00:00:00.001Z',
      action: 'a.1',
      details: { accounts: 1 },
      keyed: true,
    })
    expect(entries[1]?.prevHash).toBe(entries[0]?.hash)
  })
})

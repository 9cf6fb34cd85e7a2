import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appendAudit } from '../../src/audit/append-audit.js'
import { createTestApp } from '../support/test-app.js'
import { consoleUserFor, signInConsole } from './console-support.js'

const DAY = 86_400_000
const JAN_1 = Date.parse('2026-01-01T00:00:00Z')

/** The audit page filters and pages in SQL: action, actor, UTC days, and a seq cursor. */
describe('console audit page: filters and cursor paging', () => {
  const t = createTestApp()
  let cookie: string
  const seqsOn = async (query: string) => {
    const html = await (
      await t.app.request(`/console/audit${query}`, { headers: { cookie } })
    ).text()
    const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? ''
    const seqs = [...body.matchAll(/<tr><td>(\d+)<\/td>/g)].map((m) => Number(m[1]))
    const older = /href="([^"]*)" rel="next"/.exec(html)?.[1]?.replaceAll('&amp;', '&') ?? null
    return { html, seqs, older }
  }

  beforeAll(async () => {
    const user = await consoleUserFor(t, 'clinic', 'dpo@clinic.example')
    await consoleUserFor(t, 'other', 'dpo@other.example')
    // 250 entries over five days: two actors, three actions, and 50_% in an action name.
    for (let i = 0; i < 250; i++) {
      const action = ['incident.created', 'account.reset_forced', 'policy.changed_50_%'][i % 3]!
      const actor = i % 2 === 0 ? 'key:abc' : 'console:user-1'
      await appendAudit(t.deps, { tenantId: 'clinic', actor, action, at: JAN_1 + (i % 5) * DAY })
    }
    await appendAudit(t.deps, { tenantId: 'other', actor: 'key:abc', action: 'x.y', at: JAN_1 })
    ;({ cookie } = await signInConsole(t, user, 'clinic', 'dpo@clinic.example'))
  })
  afterAll(() => t.close())

  it('walks the whole filtered chain by cursor, newest first, without gaps or repeats', async () => {
    const seen: number[] = []
    let query: string | null = '?actor=key%3A'
    let pages = 0
    for (; query !== null && pages < 10; pages++) {
      const page = await seqsOn(query.replace('/console/audit', ''))
      seen.push(...page.seqs)
      query = page.older
    }
    // The even i of 250 (the key's entries), over two pages of 100 and 25.
    expect(seen.length).toBe(125)
    expect(pages).toBe(2)
    expect([...seen].sort((a, b) => b - a)).toEqual(seen)
    expect(new Set(seen).size).toBe(seen.length)
  })

  it('filters by UTC day range, inclusive, and treats % and _ literally', async () => {
    const day2 = await seqsOn('?from=2026-01-02&to=2026-01-02&action=incident')
    // i ≡ 0 (mod 3) and i ≡ 1 (mod 5): i = 6, 21, 36, … < 250 → 17 entries.
    expect(day2.seqs.length).toBe(17)
    const literal = await seqsOn('?action=50_%25')
    const anyChar = await seqsOn('?action=5__%25')
    expect(literal.seqs.length).toBeGreaterThan(0)
    expect(anyChar.seqs).toEqual([])
  })

  it('pages 100 at a time and shows no other tenant', async () => {
    const first = await seqsOn('')
    expect(first.seqs.length).toBe(100)
    expect(first.older).toMatch(/before=\d+/)
    expect(first.html).not.toContain('x.y')
    const bad = await seqsOn('?before=abc&from=tomorrow')
    expect(bad.seqs).toEqual(first.seqs)
  })
})

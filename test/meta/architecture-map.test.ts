import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

// docs/architecture.md promises that every file it names exists: a rename or removal that
// forgets the map fails here instead of leaving a newcomer a dead path.
describe('docs/architecture.md', () => {
  const map = readFileSync('docs/architecture.md', 'utf8')
  const named = [...map.matchAll(/`((?:src|test|scripts)\/[\w./-]+\.(?:ts|mjs))`/g)].map(
    (match) => match[1] as string,
  )

  it('names files, and every one of them exists', () => {
    expect(named.length).toBeGreaterThan(40)
    expect(named.filter((file) => !existsSync(file))).toEqual([])
  })

  it('is linked from the README', () => {
    expect(readFileSync('README.md', 'utf8')).toContain('(docs/architecture.md)')
  })
})

import { describe, expect, it } from 'vitest'
import { createNodeArgon2Hasher } from '../../src/hashing/argon2-hasher-node.js'
import { createNodeHashPrimitives } from '../../src/hashing/hash-primitives-node.js'
import { parseFastConfig } from '../../src/hashing/parse-fast-config.js'
import { parseStoredHash } from '../../src/hashing/parse-stored-hash.js'
import { OWASP_ARGON2ID } from '../../src/hashing/password-hasher.js'
import { loadHashVectors, REQUIRED_SCHEMES } from './legacy-fixtures.js'

const primitives = createNodeHashPrimitives(createNodeArgon2Hasher(OWASP_ARGON2ID))
const vectors = loadHashVectors()
const label = (v: (typeof vectors)[number], i: number): string =>
  `${v.scheme} #${i} ${v.tool} pw=${JSON.stringify(v.password.slice(0, 12))}${v.password.length > 12 ? `…(${v.password.length})` : ''}`

describe('legacy hash known-answer vectors', () => {
  it('covers every required family and scheme', () => {
    const schemes = new Set(vectors.map((v) => v.scheme))
    for (const scheme of REQUIRED_SCHEMES) expect(schemes, scheme).toContain(scheme)
    expect(vectors.some((v) => [...v.password].some((c) => c.charCodeAt(0) > 127))).toBe(true)
    expect(vectors.some((v) => v.password.length >= 1000)).toBe(true)
  })

  describe.each(vectors.map((v, i) => [label(v, i), v] as const))('%s', (_, vector) => {
    it('parses to its scheme, verifies the password and rejects a wrong one', async () => {
      const result = parseStoredHash(vector.hash, vector.hint)
      if (!result.ok) throw new Error(`${result.code}: ${result.detail}`)
      const parsed = result.hash
      expect(parsed.scheme).toBe(vector.scheme)
      expect(await parsed.verify(vector.password, primitives)).toBe(true)
      const wrong = vector.wrongPassword ?? `!${vector.password}`
      expect(await parsed.verify(wrong, primitives)).toBe(false)
      if (vector.truncatedEquivalent !== undefined) {
        expect(await parsed.verify(vector.truncatedEquivalent, primitives)).toBe(true)
      }
    })

    it('round-trips its canonical form without a hint and recomputes its fast digest', async () => {
      const first = parseStoredHash(vector.hash, vector.hint)
      if (!first.ok) throw new Error(first.detail)
      const again = parseStoredHash(first.hash.canonical)
      if (!again.ok) throw new Error(`canonical ${first.hash.canonical}: ${again.detail}`)
      expect(again.hash.scheme).toBe(first.hash.scheme)
      expect(again.hash.canonical).toBe(first.hash.canonical)
      expect(again.hash.cost).toEqual(first.hash.cost)
      const fast = first.hash.fast
      if (first.hash.speed === 'fast') expect(fast).toBeDefined()
      if (!fast) return
      expect(fast.config).not.toContain(fast.digest)
      const config = parseFastConfig(fast.config)
      expect(config?.scheme).toBe(fast.config.split('$')[2])
      expect(await config?.digest(vector.password)).toBe(fast.digest)
      expect(await config?.digest(`!${vector.password}`)).not.toBe(fast.digest)
    })
  })
})

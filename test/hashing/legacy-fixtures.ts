import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { HashHint } from '../../src/hashing/hash-hint.js'

/** One known-answer vector from `scripts/fixtures/generate-hash-fixtures.py`. */
export interface HashVector {
  family: string
  scheme: string
  hash: string
  password: string
  tool: string
  hint?: HashHint
  realistic?: boolean
  truncatedEquivalent?: string
  wrongPassword?: string
}

const DIR = join(import.meta.dirname, '../fixtures/hashes')

/** Every committed vector, tagged with the fixture file (family) it came from. */
export function loadHashVectors(): HashVector[] {
  return readdirSync(DIR)
    .filter((name) => name.endsWith('.json'))
    .flatMap((name) => {
      const doc = JSON.parse(readFileSync(join(DIR, name), 'utf8')) as { vectors: HashVector[] }
      return doc.vectors.map((vector) => ({ ...vector, family: name.replace(/\.json$/, '') }))
    })
}

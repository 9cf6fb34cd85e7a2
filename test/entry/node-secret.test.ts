import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { loadExistingNodeSecret, loadNodeSecret, secretFile } from '../../src/entry/node-files.js'
import { createMemoryLogger } from '../../src/ports/logger.js'

let dir: string
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'pwguard-secret-'))))
afterEach(() => rmSync(dir, { recursive: true, force: true }))

it('generates the secret once beside the database and every reader finds the same one', () => {
  const config = { secret: null, dbFile: join(dir, 'db', 'pwguard.db') }
  expect(secretFile(config)).toBe(join(dir, 'db', 'secret'))
  expect(loadExistingNodeSecret(config)).toBeNull()

  const logger = createMemoryLogger()
  const made = loadNodeSecret(config, logger)
  expect(statSync(secretFile(config)).mode & 0o777).toBe(0o600)
  expect(new TextDecoder().decode(made)).toBe(readFileSync(secretFile(config), 'utf8').trim())

  expect(loadNodeSecret(config, logger)).toEqual(made)
  expect(loadExistingNodeSecret(config)).toEqual(made)
})

it('prefers PWGUARD_SECRET and then writes no file', () => {
  const secret = 'a-configured-secret-of-enough-bytes-for-hmac'
  const config = { secret, dbFile: join(dir, 'pwguard.db') }
  expect(new TextDecoder().decode(loadNodeSecret(config, createMemoryLogger()))).toBe(secret)
  expect(() => statSync(secretFile(config))).toThrow()
})

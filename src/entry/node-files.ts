import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Logger } from '../ports/logger.js'
import type { Random } from '../ports/random.js'
import { toBase64Url } from '../ports/random.js'

/**
 * The secret that keys the e-mail blind index and reset tokens. From PWGUARD_SECRET when set;
 * otherwise generated once into a 0600 file beside the database and reused. Changing it makes
 * every stored e-mail index unmatchable, so the file is never rewritten.
 */
export function loadOrCreateSecret(
  configured: string | null,
  file: string,
  random: Random,
  logger: Logger,
): Uint8Array {
  if (configured) return new TextEncoder().encode(configured)
  if (existsSync(file)) return new TextEncoder().encode(readFileSync(file, 'utf8').trim())
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, `${toBase64Url(random.bytes(32))}\n`, { mode: 0o600, flag: 'wx' })
  logger.warn('PWGUARD_SECRET is not set: generated one', { file })
  return new TextEncoder().encode(readFileSync(file, 'utf8').trim())
}

/** The secret if one exists (variable or file), never generating one: for read-only checks. */
export function loadExistingSecret(configured: string | null, file: string): Uint8Array | null {
  if (configured) return new TextEncoder().encode(configured)
  if (!existsSync(file)) return null
  return new TextEncoder().encode(readFileSync(file, 'utf8').trim())
}

/** Writes a generated admin key where the operator (and the README's curl) can read it. */
export function writeAdminKeyFile(file: string, key: string): void {
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, `${key}\n`, { mode: 0o600 })
}

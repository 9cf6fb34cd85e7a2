import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { ConfigError, type NodeConfig } from '../config/config.js'
import { MIN_SECRET_BYTES } from '../crypto/secret-keys.js'
import type { Logger } from '../ports/logger.js'
import type { Random } from '../ports/random.js'
import { toBase64Url, webCryptoRandom } from '../ports/random.js'

type SecretConfig = Pick<NodeConfig, 'secret' | 'dbFile'>

/**
 * Where a generated secret lives: `secret` beside the database, so the server and every CLI
 * command that opens the same database find the same key (and a copied data folder keeps it).
 */
export function secretFile(config: Pick<NodeConfig, 'dbFile'>): string {
  return join(dirname(config.dbFile), 'secret')
}

/** The secret of a Node process (server or CLI): PWGUARD_SECRET, else the file, made once. */
export function loadNodeSecret(config: SecretConfig, logger: Logger): Uint8Array {
  return loadOrCreateSecret(config.secret, secretFile(config), webCryptoRandom, logger)
}

/** As `loadNodeSecret`, but never generating one: for read-only checks (`audit verify`). */
export function loadExistingNodeSecret(config: SecretConfig): Uint8Array | null {
  return loadExistingSecret(config.secret, secretFile(config))
}

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
  if (configured) return checkedSecret(configured, 'PWGUARD_SECRET')
  if (existsSync(file))
    return checkedSecret(readFileSync(file, 'utf8').trim(), `secret file ${file}`)
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, `${toBase64Url(random.bytes(32))}\n`, { mode: 0o600, flag: 'wx' })
  logger.warn('PWGUARD_SECRET is not set: generated one', { file })
  return new TextEncoder().encode(readFileSync(file, 'utf8').trim())
}

/** The secret if one exists (variable or file), never generating one: for read-only checks. */
export function loadExistingSecret(configured: string | null, file: string): Uint8Array | null {
  if (configured) return checkedSecret(configured, 'PWGUARD_SECRET')
  if (!existsSync(file)) return null
  return checkedSecret(readFileSync(file, 'utf8').trim(), `secret file ${file}`)
}

/**
 * A short secret makes every blind index and token HMAC guessable offline from a stolen
 * database, so start-up stops with a message rather than run weakly keyed.
 */
function checkedSecret(text: string, source: string): Uint8Array {
  const bytes = new TextEncoder().encode(text)
  if (bytes.byteLength >= MIN_SECRET_BYTES) return bytes
  throw new ConfigError(
    `invalid configuration:\n  ${source}: ${bytes.byteLength} bytes; at least ${MIN_SECRET_BYTES} are required (e.g. \`openssl rand -base64 48\`)`,
  )
}

/** Writes a generated admin key where the operator (and the README's curl) can read it. */
export function writeAdminKeyFile(file: string, key: string): void {
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, `${key}\n`, { mode: 0o600 })
}

import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import type pg from 'pg'
import type { ACCOUNT_RULE } from '../../../src/accounts/login-throttle.js'
import { deriveSecretKeys } from '../../../src/crypto/secret-keys.js'
import type { FleetLoadOptions, FleetSummary } from './fleet-load-types.js'

// What the multi-instance proof does besides its assertions: run the generator, issue reset
// tokens, read hashes back, and bound what a throttle rule lets through.

/** Spawns the generator, calls `onStart` when it has begun, resolves with its summary. */
export function runGenerator(file: string, onStart: () => void): Promise<FleetSummary> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'node',
      ['--import', 'tsx', 'test/proof/support/fleet-load-generator.ts', `@${file}`],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => {
      if (!out.includes('started\n') && (out + chunk.toString()).includes('started\n')) onStart()
      out += chunk.toString()
    })
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.split('\n').at(-2)!) as FleetSummary)
        : reject(new Error(`generator exited ${code}`)),
    )
  })
}

/**
 * The most wrong guesses a throttle rule lets through in `ms`, however the guesses are spread
 * over instances: the free ones, then one more each time the doubling backoff has run out.
 */
export function triesWithin(rule: typeof ACCOUNT_RULE, ms: number): number {
  let tries = rule.freeFailures
  let waited = 0
  while (waited + rule.baseDelayMs * 2 ** (tries - rule.freeFailures) <= ms) {
    waited += rule.baseDelayMs * 2 ** (tries - rule.freeFailures)
    tries++
  }
  return tries
}

/**
 * Reset tokens as a forced reset issues them (flag + token row, only its HMAC stored), written
 * straight into PostgreSQL: the reset routes are not on store ports on this branch yet.
 */
export async function issueResetTokens(
  db: pg.Client,
  secret: string,
  list: { externalId: string; next: string }[],
) {
  const key = deriveSecretKeys(new TextEncoder().encode(secret)).resetToken
  const now = Date.now()
  const resets: FleetLoadOptions['resets'] = []
  for (const { externalId, next } of list) {
    const token = randomBytes(32).toString('base64url')
    await db.query(
      `INSERT INTO reset_tokens (token_hash, tenant_id, external_id, reason, created_at, expires_at)
       VALUES ($1, 'default', $2, 'proof', $3, $4)`,
      [await key.hex(token), externalId, now, now + 3_600_000],
    )
    await db.query(
      `UPDATE accounts SET must_reset = true, reset_reasons = '["proof"]'
       WHERE tenant_id = 'default' AND external_id = $1`,
      [externalId],
    )
    resets.push({ externalId, token, next })
  }
  return resets
}

export async function passwordHashes(db: pg.Client): Promise<Map<string, string>> {
  const rows = await db.query<{ external_id: string; password_hash: string }>(
    'SELECT external_id, password_hash FROM accounts',
  )
  return new Map(rows.rows.map((row) => [row.external_id, row.password_hash]))
}

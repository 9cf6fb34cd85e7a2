import { spawn } from 'node:child_process'
import type pg from 'pg'
import type { ACCOUNT_RULE } from '../../../src/accounts/login-throttle.js'
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
 * One-time reset tokens from the real admin route (`POST /v1/accounts/{id}/reset`), asked of
 * the instances in turn: the token one node issues is consumed later through another.
 */
export async function issueResetTokens(
  baseUrls: string[],
  key: string,
  list: { externalId: string; next: string }[],
) {
  const resets: FleetLoadOptions['resets'] = []
  for (const [i, { externalId, next }] of list.entries()) {
    const url = `${baseUrls[i % baseUrls.length]}/v1/accounts/${encodeURIComponent(externalId)}/reset`
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: '{}',
    })
    if (response.status !== 200) {
      throw new Error(`reset ${externalId}: ${response.status} ${await response.text()}`)
    }
    const { token } = (await response.json()) as { token: string }
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

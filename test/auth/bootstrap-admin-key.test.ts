import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { bootstrapAdminKey } from '../../src/auth/bootstrap-admin-key.js'
import { logBootstrapOutcome } from '../../src/auth/bootstrap-log.js'
import { apiKeys } from '../../src/store/schema.js'
import { pwguard } from '../support/pwguard-cli.js'
import { createTestApp } from '../support/test-app.js'

const SECRET = 'b'.repeat(40)
const BOOTSTRAP_KEY = 'operator-chosen-bootstrap-key-0123456789'

/**
 * One Node start as src/entry/start-node-server.ts does it: open the database, bootstrap
 * (generation allowed), log the outcome, serve the app.
 */
async function start(dbFile: string, bootstrapKey: string | null) {
  const t = createTestApp({ dbFile, settings: { secret: new TextEncoder().encode(SECRET) } })
  const outcome = await bootstrapAdminKey(t.deps, {
    bootstrapKey,
    now: t.clock.now(),
    generate: true,
  })
  logBootstrapOutcome(t.logger, outcome)
  const keys = await t.driver.db.select().from(apiKeys)
  const status = async (key: string) =>
    (await t.app.request('/v1/audit/head', { headers: { authorization: `Bearer ${key}` } })).status
  return { t, outcome, keys, status }
}

/** The CLI against the same database and secret as `start`. */
const cli = (dbFile: string, argv: string[]) => pwguard(dbFile, argv, { PWGUARD_SECRET: SECRET })

describe('bootstrap admin key: once per database, so a revoked key never comes back', () => {
  it('survives revoke + restart with and without the variable: no new key, no failure', async () => {
    const dbFile = join(mkdtempSync(join(tmpdir(), 'pwguard-bootstrap-')), 'pwguard.db')
    const first = await start(dbFile, BOOTSTRAP_KEY)
    expect(first.outcome).toEqual({ kind: 'configured', keyId: 'bootstrap' })
    expect(await first.status(BOOTSTRAP_KEY)).toBe(200)
    first.t.close()

    // The same key again: idempotent, and the log says so.
    const again = await start(dbFile, BOOTSTRAP_KEY)
    expect(again.outcome).toMatchObject({ kind: 'done', presented: 'active', activeAdmin: true })
    expect(again.keys).toHaveLength(1)
    expect(again.t.logger.lines.join('\n')).toMatch(/already stored: bootstrap done once/)
    again.t.close()

    // "Revoke all admin keys".
    const revoke = await cli(dbFile, ['keys', 'revoke', '--tenant', 'default', '--id', 'bootstrap'])
    expect(revoke.code).toBe(0)

    // Restart with the variable still set: no UNIQUE failure, and the key stays revoked.
    const withVariable = await start(dbFile, BOOTSTRAP_KEY)
    expect(withVariable.outcome).toMatchObject({
      kind: 'done',
      presented: 'revoked',
      activeAdmin: false,
    })
    expect(await withVariable.status(BOOTSTRAP_KEY)).toBe(401)
    expect(withVariable.keys).toHaveLength(1)
    const messages = withVariable.t.logger.lines.join('\n')
    expect(messages).toMatch(/revoked and stays revoked/)
    expect(messages).toMatch(/no active admin key, and none is minted/)
    withVariable.t.close()

    // Restart without it: the old code generated a fresh admin key here.
    const without = await start(dbFile, null)
    expect(without.outcome).toMatchObject({ kind: 'done', presented: null, activeAdmin: false })
    expect(without.keys).toHaveLength(1)
    without.t.close()

    // The bootstrap itself is in the audit chain, and the chain verifies.
    const verify = await cli(dbFile, ['audit', 'verify', '--tenant', 'default'])
    expect(verify.code).toBe(0)
    expect(verify.stdout).toMatch(/head default seq=2 /)
  })

  it('generates once without the variable, then never again', async () => {
    const dbFile = join(mkdtempSync(join(tmpdir(), 'pwguard-bootstrap-')), 'pwguard.db')
    const first = await start(dbFile, null)
    expect(first.outcome).toMatchObject({ kind: 'generated' })
    first.t.close()
    await cli(dbFile, [
      'keys',
      'revoke',
      '--tenant',
      'default',
      '--id',
      (first.outcome as { keyId: string }).keyId,
    ])
    const second = await start(dbFile, null)
    expect(second.outcome).toMatchObject({ kind: 'done', activeAdmin: false })
    expect(second.keys).toHaveLength(1)
    second.t.close()
  })

  it('treats a database with admin keys but no marker (older versions) as bootstrapped', async () => {
    const dbFile = join(mkdtempSync(join(tmpdir(), 'pwguard-bootstrap-')), 'pwguard.db')
    const created = await cli(dbFile, [
      'keys',
      'create',
      '--tenant',
      'default',
      '--scopes',
      'admin',
    ])
    const id = /created key (\S+)/.exec(created.stderr)![1]!
    await cli(dbFile, ['keys', 'revoke', '--tenant', 'default', '--id', id])
    const started = await start(dbFile, BOOTSTRAP_KEY)
    expect(started.outcome).toEqual({ kind: 'existing' })
    expect(started.keys).toHaveLength(1)
    started.t.close()
    expect((await start(dbFile, BOOTSTRAP_KEY)).outcome).toMatchObject({ kind: 'done' })
  })
})

import Database from 'better-sqlite3'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/run-cli.js'
import { parseConfig } from '../../src/config/config.js'
import { createMemoryLogger } from '../../src/ports/logger.js'

/** `pwguard <argv>` in-process against one SQLite file. */
async function pwguard(dbFile: string, argv: string[]) {
  const out = { stdout: '', stderr: '' }
  const code = await runCli(argv, {
    config: () => parseConfig({ PWGUARD_DB: dbFile, PWGUARD_SECRET: 's'.repeat(40) }),
    io: {
      stdout: (text) => void (out.stdout += text),
      stderr: (text) => void (out.stderr += text),
      isTTY: false,
    },
    logger: createMemoryLogger(),
  })
  return { code, ...out }
}

describe('pwguard audit verify', () => {
  it('verifies the chains written by key commands, then names the first tampered entry', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'pwguard-audit-cli-')), 'pwguard.db')
    const ids: string[] = []
    for (const tenant of ['clinic', 'clinic', 'clinic', 'other']) {
      const created = await pwguard(db, ['keys', 'create', '--tenant', tenant, '--scopes', 'admin'])
      expect(created.code).toBe(0)
      ids.push(/created key (\S+)/.exec(created.stderr)![1]!)
    }
    expect(
      (await pwguard(db, ['keys', 'revoke', '--tenant', 'clinic', '--id', ids[0]!])).code,
    ).toBe(0)
    const ok = await pwguard(db, ['audit', 'verify'])
    expect(ok).toMatchObject({ code: 0, stdout: 'ok, 5 entries\n' })
    expect(await pwguard(db, ['audit', 'verify', '--tenant', 'other'])).toMatchObject({
      code: 0,
      stdout: 'ok, 1 entries\n',
    })

    const raw = new Database(db)
    const rows = raw
      .prepare(`select seq, action, target from audit_log where tenant_id = 'clinic' order by seq`)
      .all()
    expect(rows).toEqual([
      { seq: 1, action: 'api_key.created', target: ids[0] },
      { seq: 2, action: 'api_key.created', target: ids[1] },
      { seq: 3, action: 'api_key.created', target: ids[2] },
      { seq: 4, action: 'api_key.revoked', target: ids[0] },
    ])
    raw
      .prepare(
        `update audit_log set target = 'someone-else' where tenant_id = 'clinic' and seq = 2`,
      )
      .run()
    raw.close()
    const tampered = await pwguard(db, ['audit', 'verify'])
    expect(tampered.code).toBe(1)
    expect(tampered.stdout).toMatch(/^tampered: tenant clinic, seq 2: content does not match/)
  })
})

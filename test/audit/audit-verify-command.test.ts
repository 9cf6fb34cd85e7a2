import Database from 'better-sqlite3'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { auditEntryHash, GENESIS_HASH } from '../../src/audit/audit-hash.js'
import { pwguard as runPwguard } from '../support/pwguard-cli.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'

const SECRET = 's'.repeat(40)

/** `pwguard <argv>` in-process, keyed like the app of the last test. */
const pwguard = (dbFile: string, argv: string[]) =>
  runPwguard(dbFile, argv, { PWGUARD_SECRET: SECRET })

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
    expect(ok).toMatchObject({ code: 0, stdout: expect.stringMatching(/ok, 5 entries\n$/) })
    expect(ok.stdout).toMatch(/^head clinic seq=4 hash=[0-9a-f]{64} at=\S+ keyed=true\n/)
    expect(await pwguard(db, ['audit', 'verify', '--tenant', 'other'])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^head other seq=1 .*\nok, 1 entries\n$/),
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

  it('fails when an entry is edited and every later link recomputed with plain SHA-256', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'pwguard-audit-cli-')), 'pwguard.db')
    for (let i = 0; i < 3; i++) {
      expect(
        (await pwguard(db, ['keys', 'create', '--tenant', 'clinic', '--scopes', 'admin'])).code,
      ).toBe(0)
    }
    const raw = new Database(db)
    raw.prepare(`update audit_log set details = '{"scopes":["check"]}' where seq = 2`).run()
    const rows = raw
      .prepare(`select * from audit_log where tenant_id = 'clinic' order by seq`)
      .all() as {
      seq: number
      at: number
      actor: string
      action: string
      target: string | null
      details: string
      hash: string
    }[]
    let prevHash = rows[0]!.hash
    for (const row of rows.slice(1)) {
      const details = JSON.parse(row.details) as Record<string, unknown>
      const hash = await auditEntryHash({ ...row, tenantId: 'clinic', details, prevHash })
      raw
        .prepare('update audit_log set prev_hash = ?, hash = ? where seq = ?')
        .run(prevHash, hash, row.seq)
      prevHash = hash
    }
    raw.close()
    const tampered = await pwguard(db, ['audit', 'verify'])
    expect(tampered.code).toBe(1)
    expect(tampered.stdout).toMatch(
      /^tampered: tenant clinic, seq 2: content does not match its keyed hash/,
    )
  })

  it('prints the same head as GET /v1/audit/head', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'pwguard-audit-cli-')), 'pwguard.db')
    const secret = new TextEncoder().encode(SECRET)
    const t = createTestApp({ dbFile: db, settings: { secret } })
    try {
      const admin = await t.keyFor('clinic', ['admin'])
      const head = async () =>
        (await (await t.app.request('/v1/audit/head', { headers: admin })).json()) as {
          seq: number
          hash: string
          at: string | null
          keyed: boolean
        }
      expect(await head()).toEqual({ seq: 0, hash: GENESIS_HASH, at: null, keyed: false })
      const contact = { name: 'DPO', email: 'dpo@clinic.example' }
      for (const body of [contact, { ...contact, name: 'DPO 2' }]) {
        const res = await t.app.request('/v1/tenant/contact', jsonRequest('PUT', body, admin))
        expect(res.status).toBe(200)
      }
      const current = await head()
      expect(current).toMatchObject({ seq: 2, keyed: true })
      const cli = await pwguard(db, ['audit', 'verify', '--tenant', 'clinic'])
      expect(cli.code).toBe(0)
      expect(cli.stdout).toContain(
        `head clinic seq=2 hash=${current.hash} at=${current.at} keyed=true\n`,
      )
      const login = await t.keyFor('clinic', ['login'])
      expect((await t.app.request('/v1/audit/head', { headers: login })).status).toBe(403)
    } finally {
      t.close()
    }
  })
})

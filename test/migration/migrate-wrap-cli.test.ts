import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import {
  djangoMd5,
  fixtureHash,
  importThroughApi,
  ldapSsha,
  runMigrateWrap,
  werkzeugPbkdf2,
} from './migration-support.js'

const dir = mkdtempSync(join(tmpdir(), 'pwguard-wrap-cli-'))
const dbFile = join(dir, 'pwguard.db')

const BEFORE = {
  argon2id: 2,
  bcrypt: 3,
  django_salted_md5: 4,
  ldap_salted_sha1: 6,
  werkzeug_pbkdf2_sha256: 3,
}

const schemesOf = (tenant: string) => {
  const db = new Database(dbFile, { readonly: true })
  const rows = db
    .prepare('SELECT scheme, count(*) AS n FROM accounts WHERE tenant_id = ? GROUP BY scheme')
    .all(tenant) as { scheme: string; n: number }[]
  db.close()
  return Object.fromEntries(rows.map((row) => [row.scheme, row.n]))
}

describe('pwguard migrate wrap (CLI)', () => {
  beforeAll(async () => {
    const t = createTestApp({ dbFile })
    const records = [
      ...Array.from({ length: 6 }, (_, i) => ldapSsha(`ldap-${i}`)),
      ...Array.from({ length: 4 }, (_, i) => djangoMd5(`django-${i}`)),
      werkzeugPbkdf2('w-0', 1_000),
      werkzeugPbkdf2('w-1', 1_000),
      werkzeugPbkdf2('w-2', 600_000),
      fixtureHash('bcrypt', '$2b$04$').hash,
      fixtureHash('bcrypt', '$2y$04$').hash,
      fixtureHash('bcrypt', '$2b$12$').hash,
      fixtureHash('argon2id', '$argon2id$v=19$m=256').hash,
      fixtureHash('argon2id', '$argon2id$v=19$m=1024').hash,
    ].map((hash, i) => ({ externalId: `c-${i}`, hash }))
    await importThroughApi(t, await t.keyFor('clinic', ['admin']), records)
    const other = [0, 1, 2].map((i) => ({ externalId: `o-${i}`, hash: ldapSsha(`o-${i}`) }))
    await importThroughApi(t, await t.keyFor('other', ['admin']), other)
    t.close()
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('--dry-run counts per scheme, measures an estimate and writes nothing', () => {
    const run = runMigrateWrap(dbFile, ['--tenant', 'clinic', '--dry-run'])
    expect(run.status, run.stderr).toBe(0)
    const report = run.report!
    expect(report.dryRun).toBe(true)
    expect(report.before).toEqual(BEFORE)
    expect(report.after).toEqual(BEFORE)
    expect(report.totals).toMatchObject({ scanned: 16, toWrap: 12, wrapped: 0, kept: 2 })
    expect(report.totals.loginOnly).toBe(2)
    expect(report.byScheme.werkzeug_pbkdf2_sha256).toMatchObject({ toWrap: 2, kept: 1 })
    expect(report.byScheme.bcrypt).toMatchObject({ scanned: 3, kept: 1, loginOnly: 2 })
    expect(report.hashed).toBe(0)
    const estimate = report.estimate!
    expect(estimate.sampleHashes).toBeGreaterThanOrEqual(2)
    expect(estimate.seconds).toBeCloseTo(12 / estimate.hashesPerSecond, 6)
    expect(run.stderr).toMatch(/^dry run: tenants clinic/m)
    expect(run.stderr).toMatch(/estimate: .* for 12 accounts/)
    expect(schemesOf('clinic')).toEqual(BEFORE)
  })

  it('wraps one tenant, reports before/after per scheme, and leaves the others alone', () => {
    const run = runMigrateWrap(dbFile, ['--tenant', 'clinic', '--batch', '5'])
    expect(run.status, run.stderr).toBe(0)
    const after = {
      argon2id: 2,
      bcrypt: 3,
      'wrapped:django_salted_md5': 4,
      'wrapped:ldap_salted_sha1': 6,
      'wrapped:werkzeug_pbkdf2_sha256': 2,
      werkzeug_pbkdf2_sha256: 1,
    }
    expect(run.report).toMatchObject({ dryRun: false, before: BEFORE, after, hashed: 12 })
    expect(run.report!.totals).toMatchObject({ wrapped: 12, raced: 0, kept: 2, loginOnly: 2 })
    expect(run.report!.hashesPerSecond).toBeGreaterThan(0)
    expect(run.stderr).toMatch(/wrap: tenants clinic\n {2}scanned 16, to wrap 12, wrapped 12/)
    expect(run.stderr).toMatch(/ldap_salted_sha1 +6 +0 +6 +6 +6/)
    expect(schemesOf('clinic')).toEqual(after)
    expect(schemesOf('other')).toEqual({ ldap_salted_sha1: 3 })

    const all = runMigrateWrap(dbFile, [])
    expect(all.report?.tenants).toEqual(['clinic', 'other'])
    expect(all.report?.totals.wrapped).toBe(3)
    expect(schemesOf('other')).toEqual({ 'wrapped:ldap_salted_sha1': 3 })
  })

  it('rejects bad flags with a usage error', () => {
    expect(runMigrateWrap(dbFile, ['--batch', '0']).status).toBe(2)
    expect(runMigrateWrap(dbFile, ['--tenant', 'nobody']).status).toBe(2)
  })
})

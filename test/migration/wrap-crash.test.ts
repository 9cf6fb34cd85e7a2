import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseStoredHash } from '../../src/hashing/parse-stored-hash.js'
import { parseWrappedHash } from '../../src/migration/wrapped-hash.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'
import {
  djangoMd5,
  importThroughApi,
  ldapSsha,
  runMigrateWrap,
  spawnMigrateWrap,
} from './migration-support.js'

const ACCOUNTS = 400
const BATCH = 25
const KILL_AFTER_WRAPPED = 100
const dir = mkdtempSync(join(tmpdir(), 'pwguard-wrap-crash-'))
const dbFile = join(dir, 'pwguard.db')
const passwordOf = (i: number) => `pässword-${i}-${(i * 7919) % 1000}`
const idOf = (i: number) => `p-${String(i).padStart(5, '0')}`

const wrappedCount = (db: Database.Database) =>
  (
    db.prepare("SELECT count(*) AS n FROM accounts WHERE scheme LIKE 'wrapped:%'").get() as {
      n: number
    }
  ).n

/** Waits until the child has committed at least `n` wrapped rows, then kill -9s it. */
async function killAfterProgress(child: ReturnType<typeof spawnMigrateWrap>, n: number) {
  const reader = new Database(dbFile, { readonly: true, fileMustExist: true })
  try {
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    )
    const deadline = Date.now() + 60_000
    while (wrappedCount(reader) < n && Date.now() < deadline && child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    child.kill('SIGKILL')
    return await exited
  } finally {
    reader.close()
  }
}

interface AccountRow {
  external_id: string
  password_hash: string
  scheme: string
}

const readRows = () => {
  const db = new Database(dbFile)
  const rows = db.prepare('SELECT external_id, password_hash, scheme FROM accounts').all()
  db.close()
  return rows as AccountRow[]
}

describe('pwguard migrate wrap survives kill -9', () => {
  const WRAP_ARGS = ['--batch', String(BATCH), '--concurrency', '2']
  const records = Array.from({ length: ACCOUNTS }, (_, i) => ({
    externalId: idOf(i),
    hash: i % 2 === 0 ? ldapSsha(passwordOf(i)) : djangoMd5(passwordOf(i)),
  }))
  const original = new Map(records.map((r) => [r.externalId, parseStoredHash(r.hash)]))
  let imported: number
  let signal: NodeJS.Signals | null
  let afterKill: AccountRow[]
  let committedByFirstRun: number

  beforeAll(async () => {
    const seed = createTestApp({ dbFile })
    const admin = await seed.keyFor('clinic', ['admin'])
    imported = (await importThroughApi(seed, admin, records)).imported
    seed.close()
    signal = await killAfterProgress(spawnMigrateWrap(dbFile, WRAP_ARGS), KILL_AFTER_WRAPPED)
    afterKill = readRows()
    committedByFirstRun = afterKill.filter((row) => row.scheme.startsWith('wrapped:')).length
  }, 180_000)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('is killed mid-run, after some batches committed and before the last', () => {
    expect(imported).toBe(ACCOUNTS)
    expect(signal).toBe('SIGKILL')
    expect(committedByFirstRun).toBeGreaterThanOrEqual(KILL_AFTER_WRAPPED)
    expect(committedByFirstRun).toBeLessThan(ACCOUNTS)
  })

  it('leaves every row either untouched or completely wrapped: nothing half-written', () => {
    for (const row of afterKill) {
      if (row.scheme.startsWith('wrapped:')) {
        expect(parseWrappedHash(row.password_hash)).not.toBeNull()
      } else {
        const before = original.get(row.external_id)
        expect(before?.ok && before.hash.canonical).toBe(row.password_hash)
      }
    }
  })

  it('resumes exactly: the rerun hashes only what the first run had not committed', () => {
    const rerun = runMigrateWrap(dbFile, WRAP_ARGS)
    expect(rerun.status, rerun.stderr).toBe(0)
    const report = rerun.report!
    // So the work redone is at most the hashes in flight at the kill (≤ concurrency, less than
    // a batch).
    expect(report.totals.wrapped).toBe(ACCOUNTS - committedByFirstRun)
    expect(report.hashed).toBe(ACCOUNTS - committedByFirstRun)
    expect(report.totals.wrapped + committedByFirstRun).toBe(ACCOUNTS)
    expect(report.after).toEqual({
      'wrapped:django_salted_md5': ACCOUNTS / 2,
      'wrapped:ldap_salted_sha1': ACCOUNTS / 2,
    })
    expect(runMigrateWrap(dbFile, []).report?.hashed).toBe(0)
  }, 240_000)

  it('every account still logs in, and is rehashed', async () => {
    const t = createTestApp({ dbFile })
    try {
      const login = await t.keyFor('clinic', ['login'])
      for (let i = 0; i < ACCOUNTS; i += 1) {
        const res = await t.app.request(
          '/v1/login',
          jsonRequest('POST', { externalId: idOf(i), password: passwordOf(i) }, login),
        )
        expect(res.status, idOf(i)).toBe(200)
        expect(await res.json()).toMatchObject({ ok: true, rehashed: true })
      }
    } finally {
      t.close()
    }
  }, 120_000)
})

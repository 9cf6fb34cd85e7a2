import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MD5_CRYPT, ndjson } from '../support/accounts-fixtures.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'

/**
 * The SQLite file on a 1 MiB tmpfs: imports fill it until the disk is full. Each refusal must
 * be a clear 507, earlier commits must all survive, the file must pass integrity_check, and
 * the service must work again once space is freed. Needs root for the mount (CI runs as root).
 */
const mountPoint = `/tmp/pwguard-full-disk-${process.pid}`
const canMount = process.getuid?.() === 0

describe.runIf(canMount)('SQLite on a full disk', () => {
  beforeAll(() => {
    mkdirSync(mountPoint, { recursive: true })
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mountPoint])
  })
  afterAll(() => {
    spawnSync('umount', [mountPoint])
    rmSync(mountPoint, { recursive: true, force: true })
  })

  it('refuses with 507 storage_full, keeps every committed account and stays consistent', async () => {
    const dbFile = join(mountPoint, 'pwguard.db')
    // Space the test can give back later, as an operator would by clearing old logs.
    writeFileSync(join(mountPoint, 'filler'), Buffer.alloc(256 * 1024))
    const t = createTestApp({ dbFile })
    const key = await t.keyFor('clinic', ['admin', 'login'])
    const committed: string[] = []
    let refusal: Response | null = null
    for (let batch = 0; batch < 200 && !refusal; batch++) {
      const ids = Array.from({ length: 200 }, (_, i) => `patient-${batch}-${i}-${'x'.repeat(40)}`)
      const res = await t.app.request('/v1/accounts/import', {
        method: 'POST',
        headers: { ...key, 'content-type': 'application/x-ndjson' },
        body: ndjson(ids.map((externalId) => ({ externalId, hash: MD5_CRYPT.hash }))),
      })
      if (res.status === 200) committed.push(...ids)
      else refusal = res
    }
    expect(refusal, 'the 1 MiB disk never filled up').not.toBeNull()
    expect(refusal!.status).toBe(507)
    expect(refusal!.headers.get('content-type')).toBe('application/problem+json')
    expect(((await refusal!.json()) as { code: string }).code).toBe('storage_full')
    expect(committed.length).toBeGreaterThan(0)
    // Logins still work on a full disk for what was committed (reads; the upgrade may wait).
    const first = await t.app.request(
      '/v1/login',
      jsonRequest('POST', { externalId: committed[0], password: MD5_CRYPT.password }, key),
    )
    expect([200, 507]).toContain(first.status)
    t.close()

    const check = new Database(dbFile, { readonly: true })
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok')
    const count = (check.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number }).n
    check.close()
    expect(count).toBeGreaterThanOrEqual(committed.length)

    // Free space and the service works again: new imports land, old accounts log in.
    rmSync(join(mountPoint, 'filler'))
    const again = createTestApp({ dbFile })
    const key2 = await again.keyFor('clinic', ['admin', 'login'])
    const more = await again.app.request('/v1/accounts/import', {
      method: 'POST',
      headers: { ...key2, 'content-type': 'application/x-ndjson' },
      body: ndjson([{ externalId: 'after-cleanup', hash: MD5_CRYPT.hash }]),
    })
    expect(more.status).toBe(200)
    for (const externalId of [committed[0], committed.at(-1), 'after-cleanup']) {
      const login = await again.app.request(
        '/v1/login',
        jsonRequest('POST', { externalId, password: MD5_CRYPT.password }, key2),
      )
      expect(login.status).toBe(200)
    }
    again.close()
  }, 120_000)
})

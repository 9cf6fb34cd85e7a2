import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MD5_CRYPT, SHA512_CRYPT, md5Hex, ndjson } from '../support/accounts-fixtures.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'

type Report = {
  imported: number
  updated: number
  unchanged: number
  rejected: { line: number; code: string; detail: string }[]
  rejectedCount: number
}

describe('POST /v1/accounts/import', () => {
  let t: ReturnType<typeof createTestApp>
  let admin: Record<string, string>
  beforeEach(async () => {
    t = createTestApp()
    admin = await t.keyFor('clinic', ['admin', 'login'])
  })
  afterEach(() => t.close())

  const upload = (body: string | Uint8Array, type = 'application/x-ndjson') =>
    t.app.request('/v1/accounts/import', {
      method: 'POST',
      headers: { ...admin, 'content-type': type },
      body,
    })
  const report = async (body: string | Uint8Array) => {
    const res = await upload(body)
    expect(res.status).toBe(200)
    return (await res.json()) as Report
  }
  const login = (externalId: string, password: string) =>
    t.app.request('/v1/login', jsonRequest('POST', { externalId, password }, admin))

  it('imports good lines and reports bad ones by 1-based line number with a code', async () => {
    const body = [
      JSON.stringify({ externalId: 'a', email: 'a@example.be', hash: MD5_CRYPT.hash }),
      '{"externalId": "b", "hash": ',
      JSON.stringify({ externalId: 'c', hash: 'not-a-hash-at-all' }),
      '',
      JSON.stringify({ externalId: 'd' }),
      JSON.stringify({
        externalId: 'e',
        hash: SHA512_CRYPT.hash.replace('$6$', '$6$rounds=99999999$'),
      }),
      JSON.stringify({ externalId: 'f', hash: md5Hex('plain md5'), hint: { algorithm: 'md5' } }),
      JSON.stringify({ externalId: 'g', hash: SHA512_CRYPT.hash }),
    ].join('\n')
    const result = await report(body)
    expect(result).toMatchObject({ imported: 3, updated: 0, unchanged: 0, rejectedCount: 4 })
    expect(result.rejected.map((r) => [r.line, r.code])).toEqual([
      [2, 'invalid_json'],
      [3, 'unrecognized_hash'],
      [5, 'invalid_record'],
      [6, 'cost_out_of_bounds'],
    ])
    expect((await login('a', MD5_CRYPT.password)).status).toBe(200)
    expect((await login('f', 'plain md5')).status).toBe(200)
    expect((await login('g', SHA512_CRYPT.password)).status).toBe(200)
  })

  it('is idempotent, and re-importing never brings back a hash a login upgraded', async () => {
    const body = ndjson([{ externalId: 'a', hash: MD5_CRYPT.hash }])
    expect(await report(body)).toMatchObject({ imported: 1 })
    expect(await report(body)).toMatchObject({ imported: 0, updated: 0, unchanged: 1 })
    expect(await (await login('a', MD5_CRYPT.password)).json()).toMatchObject({ rehashed: true })
    expect(await report(body)).toMatchObject({ unchanged: 1 })
    const view = (await (await t.app.request('/v1/accounts/a', { headers: admin })).json()) as {
      scheme: string
    }
    expect(view.scheme).toBe('argon2id')
    // A genuinely new hash from the site (the user changed password there) does update.
    expect(await report(ndjson([{ externalId: 'a', hash: SHA512_CRYPT.hash }]))).toMatchObject({
      updated: 1,
    })
    expect((await login('a', SHA512_CRYPT.password)).status).toBe(200)
  })

  it('rejects invalid UTF-8 and over-long lines on their own', async () => {
    const good = new TextEncoder().encode(ndjson([{ externalId: 'ok', hash: MD5_CRYPT.hash }]))
    const bad = new Uint8Array([0x7b, 0xff, 0xfe, 0x7d, 0x0a])
    const long = new TextEncoder().encode(`{"externalId":"x","hash":"${'a'.repeat(70_000)}"}\n`)
    const result = await report(new Uint8Array([...bad, ...long, ...good]))
    expect(result.imported).toBe(1)
    expect(result.rejected.map((r) => [r.line, r.code])).toEqual([
      [1, 'invalid_utf8'],
      [2, 'line_too_long'],
    ])
  })

  it('refuses other media types and oversize bodies', async () => {
    const wrongType = await upload('{}', 'application/json')
    expect(wrongType.status).toBe(415)
    expect(((await wrongType.json()) as { code: string }).code).toBe('unsupported_media_type')
    const small = createTestApp({ settings: { maxImportBytes: 1024 } })
    const key = await small.keyFor('clinic', ['admin'])
    const res = await small.app.request('/v1/accounts/import', {
      method: 'POST',
      headers: { ...key, 'content-type': 'application/x-ndjson' },
      body: ndjson(
        Array.from({ length: 50 }, (_, i) => ({ externalId: `u${i}`, hash: MD5_CRYPT.hash })),
      ),
    })
    expect(res.status).toBe(413)
    small.close()
  })

  it('needs the admin scope', async () => {
    const loginOnly = await t.keyFor('clinic', ['login'])
    const res = await t.app.request('/v1/accounts/import', {
      method: 'POST',
      headers: { ...loginOnly, 'content-type': 'application/x-ndjson' },
      body: '',
    })
    expect(res.status).toBe(403)
  })
})

describe('pwguard accounts import', () => {
  it('imports a file through the CLI with the same rules', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pwguard-import-'))
    const file = join(dir, 'accounts.ndjson')
    writeFileSync(
      file,
      ndjson([
        { externalId: 'a', hash: MD5_CRYPT.hash },
        { externalId: 'b', hash: 'nope' },
      ]),
    )
    const env = {
      ...process.env,
      PWGUARD_DB: join(dir, 'pwguard.db'),
      PWGUARD_SECRET: 'x'.repeat(40),
    }
    const run = spawnSync(
      'node',
      ['src/entry/pwguard-bin.mjs', 'accounts', 'import', file, '--tenant', 'clinic'],
      {
        env,
        encoding: 'utf8',
      },
    )
    expect(run.status).toBe(3)
    expect(JSON.parse(run.stdout)).toMatchObject({
      imported: 1,
      rejectedCount: 1,
      rejected: [{ line: 2, code: 'unrecognized_hash' }],
    })
    const again = spawnSync(
      'node',
      ['src/entry/pwguard-bin.mjs', 'accounts', 'import', file, '--tenant', 'clinic'],
      {
        env,
        encoding: 'utf8',
      },
    )
    expect(JSON.parse(again.stdout)).toMatchObject({ imported: 0, unchanged: 1 })
    const usage = spawnSync('node', ['src/entry/pwguard-bin.mjs', 'accounts', 'import'], {
      env,
      encoding: 'utf8',
    })
    expect(usage.status).toBe(2)
  })
})

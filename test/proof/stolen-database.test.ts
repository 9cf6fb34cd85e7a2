import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { md4 } from '../../src/breach/corpus/md4.js'
import { MD5_CRYPT, SHA512_CRYPT, ndjson } from '../support/accounts-fixtures.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'

/**
 * A thief copies pwguard.db (with its WAL) and every log line after a full Digitale
 * Wachtkamer run: import, logins, incident ingest, forced resets, webhooks, the wrap
 * migration. Not one e-mail, phone number, password, reset token or fast digest may be in it.
 */
const PATIENTS = 60
const email = (i: number) => `patient${i}@wachtkamer.example`
const phone = (i: number) =>
  `+32 470 ${String(100_000 + i).slice(0, 3)} ${String(100_000 + i).slice(3)}`
const password = (i: number) => `wachtkamer-secret-${i}-Zq`
const hex = (algorithm: string, text: string) =>
  createHash(algorithm).update(text, 'utf8').digest('hex')
const ntlm = (text: string) => Buffer.from(md4(Buffer.from(text, 'utf16le'))).toString('hex')

/** Every form a secret could leak in: as is, lower/upper case, and base64 of digests. */
function forms(value: string): string[] {
  const out = new Set([value, value.toLowerCase(), value.toUpperCase()])
  if (/^[0-9a-f]+$/i.test(value) && value.length % 2 === 0)
    out.add(Buffer.from(value, 'hex').toString('base64'))
  return [...out]
}

describe('a stolen database and log', () => {
  it('holds no e-mail, phone, password, reset token or fast digest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pwguard-stolen-'))
    const dbFile = join(dir, 'pwguard.db')
    const t = createTestApp({ dbFile, settings: { webhookAllowedHosts: ['127.0.0.1'] } })
    const admin = await t.keyFor('wachtkamer', ['admin', 'login', 'check'])
    await t.app.request(
      '/v1/webhook',
      jsonRequest(
        'PUT',
        { url: 'http://127.0.0.1:9/hook', secret: 'whsec-stolen-db-test-secret' },
        admin,
      ),
    )

    // Import: unsalted md5 and sha1 (hint), md5-crypt and sha512-crypt, all with e-mails.
    const records: Record<string, unknown>[] = Array.from({ length: PATIENTS }, (_, i) => {
      const base = { externalId: `patient-${i}`, email: email(i) }
      if (i % 3 === 0) return { ...base, hash: hex('md5', password(i)), hint: { algorithm: 'md5' } }
      if (i % 3 === 1)
        return { ...base, hash: hex('sha1', password(i)), hint: { algorithm: 'sha1' } }
      return { ...base, hash: hex('sha256', password(i)), hint: { algorithm: 'sha256' } }
    })
    records.push({
      externalId: 'crypt-1',
      email: 'crypt1@wachtkamer.example',
      hash: MD5_CRYPT.hash,
    })
    records.push({
      externalId: 'crypt-2',
      email: 'crypt2@wachtkamer.example',
      hash: SHA512_CRYPT.hash,
    })
    const imported = await t.app.request('/v1/accounts/import', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/x-ndjson' },
      body: ndjson(records),
    })
    expect(imported.status).toBe(200)

    // Some logins (by e-mail) upgrade hashes; some fail.
    for (let i = 0; i < 10; i++) {
      await t.app.request(
        '/v1/login',
        jsonRequest(
          'POST',
          { email: email(i), password: password(i), client: { ip: '192.0.2.10' } },
          admin,
        ),
      )
      await t.app.request(
        '/v1/login',
        jsonRequest(
          'POST',
          { email: email(i + 10), password: 'wrong-guess', client: { ip: '192.0.2.11' } },
          admin,
        ),
      )
    }

    // The incident: e-mails, phones, passwords of 30 patients leak.
    const incident = await t.app.request(
      '/v1/incidents',
      jsonRequest(
        'POST',
        {
          name: 'Ransom e-mail',
          detectedAt: new Date(t.clock.now()).toISOString(),
          dataClasses: ['email', 'phone', 'password', 'health'],
        },
        admin,
      ),
    )
    const { id } = (await incident.json()) as { id: string }
    const exposures = Array.from({ length: 30 }, (_, i) => ({
      email: email(i),
      phone: phone(i),
      password: password(i),
    }))
    const ingest = await t.app.request(`/v1/incidents/${id}/exposures`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/x-ndjson' },
      body: ndjson(exposures),
    })
    expect(ingest.status).toBe(200)
    // Issue 17: the site's own password column leaks too — hash strings and bare digests of
    // the other 30 patients. Matched through HMACs; neither the strings nor the digests stay.
    const column = Array.from({ length: 30 }, (_, k) => {
      const i = k + 30
      const base = { email: email(i) }
      if (i % 3 === 0) return { ...base, passwordHash: hex('md5', password(i)) }
      if (i % 3 === 1)
        return {
          ...base,
          passwordHash: hex('sha1', password(i)),
          passwordHashHint: { algorithm: 'sha1' },
        }
      return {
        ...base,
        passwordSha1: hex('sha1', password(i)),
        passwordNtlm: ntlm(password(i)),
        passwordMd5: hex('md5', password(i)),
      }
    })
    column.push(
      { email: 'crypt1@wachtkamer.example', passwordHash: MD5_CRYPT.hash },
      { email: 'crypt2@wachtkamer.example', passwordHash: SHA512_CRYPT.hash },
    )
    const leaked = await t.app.request(`/v1/incidents/${id}/exposures`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/x-ndjson' },
      body: ndjson(column),
    })
    const leakedReport = (await leaked.json()) as { rejectedCount: number; passwordMatches: number }
    expect(leakedReport.rejectedCount).toBe(0)
    // 20 hash strings + 2 crypt strings; the 10 sha256 accounts cannot be opened by md5/sha1/ntlm.
    expect(leakedReport.passwordMatches).toBe(22)
    const forced = (await (
      await t.app.request(
        `/v1/incidents/${id}/force-reset`,
        jsonRequest('POST', { scope: 'exposed' }, admin),
      )
    ).json()) as {
      tokens?: { token: string }[]
    }
    const single = (await (
      await t.app.request('/v1/accounts/patient-50/reset', jsonRequest('POST', {}, admin))
    ).json()) as { token?: string }
    const tokens = [
      ...(forced.tokens ?? []).map((entry) => entry.token),
      ...(single.token ? [single.token] : []),
    ]
    expect(tokens.length).toBeGreaterThan(0)

    // The wrap migration leaves no fast digest at rest.
    let cursor: string | undefined
    for (let round = 0; round < 50; round++) {
      const res = await t.app.request(
        '/v1/admin/migration/wrap',
        jsonRequest('POST', cursor ? { after: cursor } : {}, admin),
      )
      expect(res.status).toBe(200)
      const body = (await res.json()) as { complete: boolean; nextCursor?: string }
      if (body.complete) break
      cursor = body.nextCursor
    }
    // What a thief copying the live files gets: database and WAL as the server leaves them
    // after its periodic checkpoint (src/entry/start-node-server.ts), taken before closing.
    t.driver.checkpoint()
    const liveCopy = readdirSync(dir)
      .filter((name) => name.startsWith('pwguard.db'))
      .map((name) => readFileSync(join(dir, name)).toString('latin1'))
      .join('\n')
    t.close()

    const secrets: Record<string, string[]> = {
      email: [],
      phone: [],
      password: [],
      token: tokens,
      digest: [],
    }
    for (let i = 0; i < PATIENTS; i++) {
      secrets.email!.push(email(i), email(i).split('@')[0]!)
      secrets.password!.push(password(i))
      secrets.digest!.push(
        hex('md5', password(i)),
        hex('sha1', password(i)),
        hex('sha256', password(i)),
        ntlm(password(i)),
      )
    }
    for (let i = 0; i < 30; i++) secrets.phone!.push(phone(i), phone(i).replaceAll(' ', ''))
    secrets.password!.push(MD5_CRYPT.password, SHA512_CRYPT.password)
    secrets.digest!.push(MD5_CRYPT.hash.split('$')[3]!, SHA512_CRYPT.hash.split('$')[3]!)

    const files = readdirSync(dir).filter((name) => name.startsWith('pwguard.db'))
    const dump = files.map((name) => readFileSync(join(dir, name)).toString('latin1')).join('\n')
    const sql = (() => {
      const db = new Database(dbFile, { readonly: true })
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
        name: string
      }[]
      const text = tables
        .map(({ name }) => JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all()))
        .join('\n')
      db.close()
      return text
    })()
    const haystacks = {
      'live database and WAL': liveCopy,
      'database file': dump,
      'database rows': sql,
      logs: t.logger.lines.join('\n'),
    }
    for (const [kind, values] of Object.entries(secrets)) {
      for (const value of values) {
        for (const form of forms(value)) {
          for (const [where, text] of Object.entries(haystacks)) {
            expect(text.includes(form), `${kind} "${form}" found in ${where}`).toBe(false)
          }
        }
      }
    }
    // The run really happened: rows are there, only in protected forms.
    expect(sql).toMatch(/argon2id/)
    expect(sql).toMatch(/pwg-wrap/)
  }, 120_000)
})

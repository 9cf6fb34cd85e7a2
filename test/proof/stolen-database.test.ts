import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { beforeAll, describe, expect, it } from 'vitest'
import { md4 } from '../../src/breach/corpus/md4.js'
import { MD5_CRYPT, SHA512_CRYPT } from '../support/accounts-fixtures.js'
import { postNdjson } from '../support/admin-requests.js'
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

type TestApp = ReturnType<typeof createTestApp>
type Headers = Record<string, string>

const post = (t: TestApp, path: string, body: unknown, headers: Headers) =>
  t.app.request(path, jsonRequest('POST', body, headers))

/** Unsalted md5, sha1 and sha256 (with hints), md5-crypt and sha512-crypt, all with e-mails. */
function importRecords(): Record<string, unknown>[] {
  const records: Record<string, unknown>[] = Array.from({ length: PATIENTS }, (_, i) => {
    const base = { externalId: `patient-${i}`, email: email(i) }
    if (i % 3 === 0) return { ...base, hash: hex('md5', password(i)), hint: { algorithm: 'md5' } }
    if (i % 3 === 1) return { ...base, hash: hex('sha1', password(i)), hint: { algorithm: 'sha1' } }
    return { ...base, hash: hex('sha256', password(i)), hint: { algorithm: 'sha256' } }
  })
  records.push(
    { externalId: 'crypt-1', email: 'crypt1@wachtkamer.example', hash: MD5_CRYPT.hash },
    { externalId: 'crypt-2', email: 'crypt2@wachtkamer.example', hash: SHA512_CRYPT.hash },
  )
  return records
}

/**
 * The site's own password column of the other 30 patients, leaked too: hash strings and bare
 * digests, matched through HMACs; neither the strings nor the digests may stay.
 */
function leakedColumn(): Record<string, unknown>[] {
  const column: Record<string, unknown>[] = Array.from({ length: 30 }, (_, k) => {
    const i = k + 30
    const base = { email: email(i) }
    if (i % 3 === 0) return { ...base, passwordHash: hex('md5', password(i)) }
    if (i % 3 === 1) {
      const hint = { algorithm: 'sha1' }
      return { ...base, passwordHash: hex('sha1', password(i)), passwordHashHint: hint }
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
  return column
}

/** Some logins (by e-mail) upgrade hashes; some fail. */
async function logins(t: TestApp, admin: Headers): Promise<void> {
  for (let i = 0; i < 10; i++) {
    const good = { email: email(i), password: password(i), client: { ip: '192.0.2.10' } }
    await post(t, '/v1/login', good, admin)
    const bad = { email: email(i + 10), password: 'wrong-guess', client: { ip: '192.0.2.11' } }
    await post(t, '/v1/login', bad, admin)
  }
}

/** The incident: e-mails, phones and passwords of 30 patients, then the password column. */
async function incident(t: TestApp, admin: Headers) {
  const detectedAt = new Date(t.clock.now()).toISOString()
  const dataClasses = ['email', 'phone', 'password', 'health']
  const created = await post(
    t,
    '/v1/incidents',
    { name: 'Ransom e-mail', detectedAt, dataClasses },
    admin,
  )
  const { id } = (await created.json()) as { id: string }
  const exposures = Array.from({ length: 30 }, (_, i) => ({
    email: email(i),
    phone: phone(i),
    password: password(i),
  }))
  const ingestStatus = (await postNdjson(t, `/v1/incidents/${id}/exposures`, exposures, admin))
    .status
  const leaked = await postNdjson(t, `/v1/incidents/${id}/exposures`, leakedColumn(), admin)
  const leakedReport = (await leaked.json()) as { rejectedCount: number; passwordMatches: number }
  return { id, ingestStatus, leakedReport }
}

/** Reset tokens: the incident's forced resets and one account's. */
async function resetTokens(t: TestApp, admin: Headers, incidentId: string): Promise<string[]> {
  const forced = (await (
    await post(t, `/v1/incidents/${incidentId}/force-reset`, { scope: 'exposed' }, admin)
  ).json()) as { tokens?: { token: string }[] }
  const single = (await (await post(t, '/v1/accounts/patient-50/reset', {}, admin)).json()) as {
    token?: string
  }
  return [
    ...(forced.tokens ?? []).map((entry) => entry.token),
    ...(single.token ? [single.token] : []),
  ]
}

/** The wrap migration, run to completion; the statuses of its rounds. */
async function wrapAll(t: TestApp, admin: Headers): Promise<number[]> {
  const statuses: number[] = []
  let cursor: string | undefined
  for (let round = 0; round < 50; round++) {
    const res = await post(t, '/v1/admin/migration/wrap', cursor ? { after: cursor } : {}, admin)
    statuses.push(res.status)
    const body = (await res.json()) as { complete: boolean; nextCursor?: string }
    if (body.complete) break
    cursor = body.nextCursor
  }
  return statuses
}

const readDatabaseFiles = (dir: string) =>
  readdirSync(dir)
    .filter((name) => name.startsWith('pwguard.db'))
    .map((name) => readFileSync(join(dir, name)).toString('latin1'))
    .join('\n')

/** Every row of every table, as JSON. */
function readRows(dbFile: string): string {
  const db = new Database(dbFile, { readonly: true })
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
    name: string
  }[]
  const text = tables
    .map(({ name }) => JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all()))
    .join('\n')
  db.close()
  return text
}

/** What must never be found, by kind. */
function secretsOf(tokens: string[]): Record<string, string[]> {
  const secrets: Record<string, string[]> = {
    email: [],
    phone: [],
    password: [MD5_CRYPT.password, SHA512_CRYPT.password],
    token: tokens,
    digest: [MD5_CRYPT.hash.split('$')[3]!, SHA512_CRYPT.hash.split('$')[3]!],
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
  return secrets
}

/** The whole run, then what a thief takes away. */
async function runWachtkamerDay() {
  const dir = mkdtempSync(join(tmpdir(), 'pwguard-stolen-'))
  const dbFile = join(dir, 'pwguard.db')
  const t = createTestApp({ dbFile, settings: { webhookAllowedHosts: ['127.0.0.1'] } })
  const admin = await t.keyFor('wachtkamer', ['admin', 'login', 'check'])
  const hook = { url: 'http://127.0.0.1:9/hook', secret: 'whsec-stolen-db-test-secret' }
  await t.app.request('/v1/webhook', jsonRequest('PUT', hook, admin))
  const importStatus = (await postNdjson(t, '/v1/accounts/import', importRecords(), admin)).status
  await logins(t, admin)
  const { id, ingestStatus, leakedReport } = await incident(t, admin)
  const tokens = await resetTokens(t, admin, id)
  // The wrap migration leaves no fast digest at rest.
  const wrapStatuses = await wrapAll(t, admin)
  // What a thief copying the live files gets: database and WAL as the server leaves them
  // after its periodic checkpoint (src/entry/start-node-server.ts), taken before closing.
  t.driver.checkpoint()
  const liveCopy = readDatabaseFiles(dir)
  t.close()
  const rows = readRows(dbFile)
  const haystacks = {
    'live database and WAL': liveCopy,
    'database file': readDatabaseFiles(dir),
    'database rows': rows,
    logs: t.logger.lines.join('\n'),
  }
  const run = { importStatus, ingestStatus, leakedReport, tokens, wrapStatuses, rows }
  return { run, haystacks, secrets: secretsOf(tokens) }
}

describe('a stolen database and log', () => {
  let stolen: Awaited<ReturnType<typeof runWachtkamerDay>>
  beforeAll(async () => {
    stolen = await runWachtkamerDay()
  }, 120_000)

  it('comes from a real run: import, ingest, leaked-column matches, resets, wrap', () => {
    const { run } = stolen
    expect(run.importStatus).toBe(200)
    expect(run.ingestStatus).toBe(200)
    expect(run.leakedReport.rejectedCount).toBe(0)
    // 20 hash strings + 2 crypt strings; the 10 sha256 accounts cannot be opened by md5/sha1/ntlm.
    expect(run.leakedReport.passwordMatches).toBe(22)
    expect(run.tokens.length).toBeGreaterThan(0)
    for (const status of run.wrapStatuses) expect(status).toBe(200)
    // Rows are there, only in protected forms.
    expect(run.rows).toMatch(/argon2id/)
    expect(run.rows).toMatch(/pwg-wrap/)
  })

  it.each([
    ['e-mail', 'email'],
    ['phone number', 'phone'],
    ['password', 'password'],
    ['reset token', 'token'],
    ['fast digest', 'digest'],
  ])('holds no %s in the files, the rows or the logs', (_label, kind) => {
    for (const value of stolen.secrets[kind]!) {
      for (const form of forms(value)) {
        for (const [where, text] of Object.entries(stolen.haystacks)) {
          expect(text.includes(form), `${kind} "${form}" found in ${where}`).toBe(false)
        }
      }
    }
  })
})

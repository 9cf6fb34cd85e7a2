import { hashSync } from '@node-rs/bcrypt'
import { createHash } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IncidentReport } from '../../src/incidents/incident-report.js'
import { md5CryptDigest } from '../../src/hashing/legacy/md5-crypt.js'
import { webCryptoRandom } from '../../src/ports/random.js'
import { webhookOutbox } from '../../src/store/schema.js'
import { deliverDueEvents } from '../../src/webhooks/deliver-due-events.js'
import { createSecretSealer } from '../../src/webhooks/webhook-secret-sealer.js'
import type { WebhookRequest } from '../../src/webhooks/webhook-sender.js'
import { verifyWebhookSignature } from '../../src/webhooks/webhook-signature.js'
import { MD5_CRYPT, STRONG_PASSWORD, ndjson, sha1Upper } from '../support/accounts-fixtures.js'
import { TEST_SECRET, createTestApp, jsonRequest } from '../support/test-app.js'

/**
 * The 2017 Digitale Wachtkamer breach, replayed: 1,000 patients imported with three legacy hash
 * families, an exposure list with e-mails and passwords for 300 of them (half still current,
 * half old) plus 20 addresses of people without an account, then ingest, forced resets,
 * webhooks, the Art. 33 report and the exposed passwords refused everywhere.
 */
const PATIENTS = 1_000
const EXPOSED = 300
const STRANGERS = 20
const WEBHOOK_SECRET = 'whsec-digitale-wachtkamer-test'

const email = (i: number) => `patient${i}@wachtkamer.example`
const currentPassword = (i: number) => `wachtkamer-patient-${i}-current`
const oldPassword = (i: number) => `wachtkamer-patient-${i}-old`
/** Half of the exposed patients never changed their password since the leak. */
const stillCurrent = (i: number) => i % 2 === 0

async function md5Crypt(password: string, salt: string): Promise<string> {
  const digest = await md5CryptDigest('$1$', salt)(new TextEncoder().encode(password))
  return `$1$${salt}$${digest}`
}

/** Rotating legacy families: md5-crypt, salted SHA-1 (hint), bcrypt cost 4. */
async function legacyAccount(i: number) {
  const password = currentPassword(i)
  const base = { externalId: `patient-${i}`, email: email(i) }
  if (i % 3 === 0) return { ...base, hash: await md5Crypt(password, `s${i}`.padEnd(8, 'x')) }
  if (i % 3 === 1) {
    const salt = `salt${i}`
    const hash = createHash('sha1')
      .update(salt + password)
      .digest('hex')
    return { ...base, hash, hint: { algorithm: 'sha1', salt, saltPosition: 'prefix' } }
  }
  return { ...base, hash: hashSync(password, 4) }
}

describe('Digitale Wachtkamer incident, end to end', () => {
  const t = createTestApp({ settings: { webhookAllowedHosts: ['127.0.0.1'] } })
  const delivered: WebhookRequest[] = []
  let admin: Record<string, string>
  let site: Record<string, string>
  let incidentId: string
  let resetTokens: { externalId: string; token: string }[] = []

  beforeAll(async () => {
    expect(await md5Crypt(MD5_CRYPT.password, 'saltsalt')).toBe(MD5_CRYPT.hash)
    admin = await t.keyFor('wachtkamer', ['admin', 'login', 'check'])
    site = await t.keyFor('wachtkamer', ['login', 'check'])
    const hook = { url: 'http://127.0.0.1:9/hooks/pwguard', secret: WEBHOOK_SECRET }
    expect((await t.app.request('/v1/webhook', jsonRequest('PUT', hook, admin))).status).toBe(201)
    const contact = { name: 'DPO Digitale Wachtkamer', email: 'dpo@wachtkamer.example' }
    await t.app.request('/v1/tenant/contact', jsonRequest('PUT', contact, admin))
    const accounts = await Promise.all(Array.from({ length: PATIENTS }, (_, i) => legacyAccount(i)))
    const imported = await t.app.request('/v1/accounts/import', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/x-ndjson' },
      body: ndjson(accounts),
    })
    expect(await imported.json()).toMatchObject({ imported: PATIENTS, rejectedCount: 0 })
  })
  afterAll(() => t.close())

  it('registers the incident with a 72-hour deadline', async () => {
    t.clock.set(Date.parse('2017-03-14T09:00:00Z'))
    const res = await t.app.request(
      '/v1/incidents',
      jsonRequest(
        'POST',
        {
          name: 'Ransom e-mail: <patient database> stolen',
          description: 'An attacker copied the patient table and booking messages.',
          occurredAt: '2017-03-10T00:00:00Z',
          detectedAt: '2017-03-14T08:00:00Z',
          dataClasses: ['email', 'phone', 'password', 'message', 'health'],
          source: 'ransom e-mail demanding 42 BTC',
        },
        admin,
      ),
    )
    expect(res.status).toBe(201)
    const body = (await res.json()) as { id: string; notifyAuthorityBy: string }
    expect(body.notifyAuthorityBy).toBe('2017-03-17T08:00:00.000Z')
    incidentId = body.id
  })

  it('ingests the exposure list: 300 matched, 150 current passwords, 20 strangers', async () => {
    t.clock.advance(60 * 60_000)
    const records = Array.from({ length: EXPOSED }, (_, i) => ({
      email: email(i).toUpperCase(),
      password: stillCurrent(i) ? currentPassword(i) : oldPassword(i),
    }))
    for (let s = 0; s < STRANGERS; s++) {
      records.push({ email: `stranger${s}@mail.example`, password: `stranger-${s}-password` })
    }
    const upload = () =>
      t.app.request(`/v1/incidents/${incidentId}/exposures`, {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/x-ndjson' },
        body: ndjson(records),
      })
    expect(await (await upload()).json()).toEqual({
      records: EXPOSED + STRANGERS,
      matched: EXPOSED,
      unmatched: STRANGERS,
      passwordMatches: EXPOSED / 2,
      passwordMatchesBy: { plaintext: EXPOSED / 2, hashString: 0, digest: 0 },
      digestCandidates: 0,
      passwordsAdded: EXPOSED + STRANGERS,
      passwordsRefused: 0,
      warnings: [],
      duplicates: 0,
      rejected: [],
      rejectedCount: 0,
    })
    expect(await (await upload()).json()).toMatchObject({ duplicates: 320, matched: 0 })
  })

  it('refuses every exposed password at signup and in the check of this site, not via /range', async () => {
    const exposed = [oldPassword(1), currentPassword(0), 'stranger-3-password']
    for (const password of exposed) {
      const signup = await t.app.request(
        '/v1/accounts',
        jsonRequest('POST', { externalId: `new-${password}`, password }, site),
      )
      expect(signup.status).toBe(422)
      const problem = (await signup.json()) as { violations: { code: string }[] }
      expect(problem.violations.map((v) => v.code)).toContain('breached')
      const check = await t.app.request(
        '/v1/passwords/check',
        jsonRequest('POST', { password }, site),
      )
      expect(await check.json()).toMatchObject({ acceptable: false, breach: { breached: true } })
      const sha1 = sha1Upper(password)
      const range = await (await t.app.request(`/range/${sha1.slice(0, 5)}`)).text()
      // The site's own additions: /range serves only the shared corpus (the operator's).
      expect(range.split('\r\n')).not.toContain(`${sha1.slice(5)}:1`)
    }
  })

  it('forces resets of the 150 password matches, with one-time tokens', async () => {
    t.clock.advance(30 * 60_000)
    const res = await t.app.request(
      `/v1/incidents/${incidentId}/force-reset`,
      jsonRequest('POST', { scope: 'password_match' }, admin),
    )
    expect(res.status).toBe(200)
    const body = (await res.json()) as {
      accounts: number
      reason: string
      tokens: { externalId: string; token: string }[]
    }
    expect(body.accounts).toBe(EXPOSED / 2)
    expect(body.reason).toBe(`incident:${incidentId}:password_match`)
    expect(new Set(body.tokens.map((token) => token.externalId))).toEqual(
      new Set(Array.from({ length: EXPOSED / 2 }, (_, k) => `patient-${k * 2}`)),
    )
    resetTokens = body.tokens
    const login = await t.app.request(
      '/v1/login',
      jsonRequest('POST', { email: email(4), password: currentPassword(4) }, site),
    )
    expect(await login.json()).toMatchObject({
      ok: true,
      mustReset: true,
      reasons: expect.arrayContaining([`incident:${incidentId}:password_match`]),
    })
    const notForced = await t.app.request('/v1/accounts/patient-1', { headers: admin })
    expect(await notForced.json()).toMatchObject({
      mustReset: false,
      exposures: [{ incidentId, passwordMatch: false }],
    })
  })

  it('lets the patient set a new password with the token, once', async () => {
    const { externalId, token } = resetTokens.find((entry) => entry.externalId === 'patient-4')!
    const change = (newPassword: string) =>
      t.app.request(
        `/v1/accounts/${externalId}/password`,
        jsonRequest('POST', { resetToken: token, newPassword }, site),
      )
    expect((await change(oldPassword(7))).status).toBe(422)
    expect((await change(STRONG_PASSWORD)).status).toBe(204)
    expect((await change(`${STRONG_PASSWORD}-again`)).status).toBe(401)
    const login = await t.app.request(
      '/v1/login',
      jsonRequest('POST', { externalId, password: STRONG_PASSWORD }, site),
    )
    expect(await login.json()).toMatchObject({ ok: true, mustReset: false, reasons: [] })
  })

  it('produces the Art. 33 report with the right numbers and deadline', async () => {
    const res = await t.app.request(`/v1/incidents/${incidentId}/report`, { headers: admin })
    expect(res.status).toBe(200)
    const report = (await res.json()) as IncidentReport
    expect(report.dataSubjects).toMatchObject({
      accountsIdentified: EXPOSED,
      accountsWithCurrentPasswordExposed: EXPOSED / 2,
      unmatchedRecords: STRANGERS,
      approximateTotal: EXPOSED + STRANGERS,
    })
    expect(report.records).toEqual({ exposureRecords: EXPOSED + STRANGERS })
    expect(report.nature.specialCategories).toEqual(['health'])
    expect(report.likelyConsequences).toMatchObject({ risk: 'high', notifyDataSubjects: true })
    expect(report.measures).toMatchObject({
      passwordsBlocked: EXPOSED + STRANGERS,
      passwordsBlockedAt: '2017-03-14T10:00:00.000Z',
      resetsForced: EXPOSED / 2,
      resetsForcedAt: '2017-03-14T10:30:00.000Z',
      resetsCompleted: 1,
    })
    expect(report.contact).toEqual({
      name: 'DPO Digitale Wachtkamer',
      email: 'dpo@wachtkamer.example',
    })
    expect(report.timeline.deadline).toEqual({ status: 'pending', met: null, hoursRemaining: 69.5 })
    expect(report.art34.accounts).toHaveLength(EXPOSED)
    expect(report.art34.accountsWithPasswordMatch).toHaveLength(EXPOSED / 2)

    await t.app.request(
      `/v1/incidents/${incidentId}/notified`,
      jsonRequest('POST', { at: '2017-03-16T15:00:00Z' }, admin),
    )
    const md = await (
      await t.app.request(`/v1/incidents/${incidentId}/report?format=md`, { headers: admin })
    ).text()
    expect(md).toContain('| Deadline | met |')
    expect(md).toContain('| Accounts identified | 300 |')
    const html = await t.app.request(`/v1/incidents/${incidentId}/report?format=html`, {
      headers: admin,
    })
    expect(html.headers.get('content-type')).toMatch(/^text\/html/)
    const page = await html.text()
    expect(page).toContain('Ransom e-mail: &lt;patient database&gt; stolen')
    expect(page).not.toContain('<patient database>')
    expect(page).toContain('<li>patient-0</li>')
  })

  it('tells the site by signed webhooks: incident, 300 exposures, 150 resets, no secrets', async () => {
    const rows = await t.driver.db
      .select()
      .from(webhookOutbox)
      .where(eq(webhookOutbox.tenantId, 'wachtkamer'))
    const byType = (type: string) => rows.filter((row) => row.type === type)
    expect(byType('incident.created')).toHaveLength(1)
    expect(byType('account.exposed')).toHaveLength(EXPOSED)
    expect(byType('account.reset_required')).toHaveLength(EXPOSED / 2)
    for (const row of rows) {
      expect(row.payload).not.toMatch(/wachtkamer-patient|@wachtkamer\.example/)
      for (const { token } of resetTokens) expect(row.payload).not.toContain(token)
    }
    const report = await deliverDueEvents({
      outbox: t.deps.stores.outbox,
      clock: t.clock,
      random: webCryptoRandom,
      sealer: createSecretSealer(TEST_SECRET, webCryptoRandom),
      sender: { send: async (request) => (delivered.push(request), { ok: true, status: 204 }) },
      limit: 1_000,
    })
    expect(report.delivered).toBe(rows.length)
    const exposedEvent = delivered.find((request) => request.body.includes('"account.exposed"'))!
    expect(JSON.parse(exposedEvent.body)).toMatchObject({
      type: 'account.exposed',
      data: { incidentId, externalId: expect.stringMatching(/^patient-\d+$/) },
    })
    const signature = Object.entries(exposedEvent.headers).find(([name]) =>
      /signature/i.test(name),
    )?.[1]
    const verdict = await verifyWebhookSignature({
      secret: WEBHOOK_SECRET,
      header: signature,
      body: exposedEvent.body,
      now: t.clock.now(),
    })
    expect(verdict.valid).toBe(true)
  })
})

import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildServices } from '../../src/app/services.js'
import { createConsoleUser } from '../../src/console/auth/create-console-user.js'
import { auditLog } from '../../src/store/schema.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'
import {
  CONSOLE_PASSWORD,
  ORIGIN,
  consoleUserFor,
  csrfFrom,
  formPost,
  sessionCookie,
} from './console-support.js'
import { createIncident } from '../support/admin-requests.js'

const MAX_IMPORT = 4096

/** The console on the hardened APIs: throttle, passwords, upload limits, audit. */
describe('console hardening', () => {
  const t = createTestApp({ settings: { maxImportBytes: MAX_IMPORT } })
  let carol: Awaited<ReturnType<typeof consoleUserFor>>
  let session: { cookie: string; csrf: string }
  let incidentId: string

  const login = (password: string, code: string) =>
    t.app.request(
      '/console/login',
      formPost({ tenant: 'clinic-c', email: 'carol@clinic-c.example', password, code }),
    )
  const upload = (
    body: string | ReadableStream<Uint8Array>,
    headers: Record<string, string> = {},
  ) =>
    t.app.request(`/console/incidents/${incidentId}/exposures`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-ndjson',
        origin: ORIGIN,
        'sec-fetch-site': 'same-origin',
        'x-csrf-token': session.csrf,
        cookie: session.cookie,
        ...headers,
      },
      body,
      duplex: 'half',
    } as RequestInit)

  beforeAll(async () => {
    carol = await consoleUserFor(t, 'clinic-c', 'carol@clinic-c.example')
    t.clock.advance(31_000)
    const res = await login(CONSOLE_PASSWORD, carol.code(t.clock.now()))
    const cookie = sessionCookie(res)!
    const page = await t.app.request('/console', { headers: { cookie } })
    session = { cookie, csrf: csrfFrom(await page.text()) }
    const admin = await t.keyFor('clinic-c', ['admin'])
    incidentId = await createIncident(t, admin, { name: 'c leak', dataClasses: ['email'] })
  })
  afterAll(() => t.close())

  it('refuses a console password that is not well-formed Unicode, before hashing it', async () => {
    const outcome = await createConsoleUser(t.deps, buildServices(t.deps), {
      tenantId: 'clinic-c',
      email: 'dave@clinic-c.example',
      password: `${CONSOLE_PASSWORD}\uD800`,
    })
    expect(outcome).toEqual({ kind: 'password_invalid', code: 'password_ill_formed' })
  })

  it('reads no byte of an upload without a session', async () => {
    let pulled = false
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulled = true
          controller.enqueue(new TextEncoder().encode('{"email":"x@example.be"}\n'))
          controller.close()
        },
        // Pull-driven: nothing is pulled until someone reads.
      },
      { highWaterMark: 0 },
    )
    const res = await upload(body, { cookie: '' })
    expect(res.status).not.toBe(200)
    expect(pulled).toBe(false)
  })

  it('refuses an upload declared over the import limit, and one that streams past it', async () => {
    const declared = await upload('x'.repeat(MAX_IMPORT + 1))
    expect(declared.status).toBe(413)
    const line = (i: number) => `${JSON.stringify({ email: `u${i}@example.be` })}\n`
    const encoder = new TextEncoder()
    let i = 0
    const chunked = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (i > 1000) return controller.close()
        controller.enqueue(encoder.encode(line(i++)))
      },
    })
    const streamed = await upload(chunked)
    expect(streamed.status).toBe(413)
    // The audit names what was committed before the limit.
    const rows = await t.driver.db.select().from(auditLog).where(eq(auditLog.tenantId, 'clinic-c'))
    const ingests = rows.filter((row) => row.action === 'incident.exposures_ingested')
    expect(ingests.some((row) => JSON.parse(row.details ?? '{}').truncated === true)).toBe(true)
  })

  it('adds exposed passwords to this tenant only', async () => {
    const exposed = 'Zebra-Lantern-Quietly-Marches-78'
    const res = await upload(
      `${JSON.stringify({ email: 'ghost@example.be', password: exposed })}\n`,
    )
    expect(res.status).toBe(200)
    const check = async (tenant: string) => {
      const key = await t.keyFor(tenant, ['check'])
      const answer = await t.app.request(
        '/v1/passwords/check',
        jsonRequest('POST', { password: exposed }, key),
      )
      return ((await answer.json()) as { breach: { breached: boolean } }).breach.breached
    }
    expect(await check('clinic-c')).toBe(true)
    expect(await check('clinic-other')).toBe(false)
  })

  it('counts a right password with a wrong code as a failed attempt', async () => {
    for (let i = 0; i < 5; i++) expect((await login(CONSOLE_PASSWORD, '000000')).status).toBe(401)
    const throttled = await login(CONSOLE_PASSWORD, carol.code(t.clock.now() + 31_000))
    expect(throttled.status).toBe(429)
  })
})

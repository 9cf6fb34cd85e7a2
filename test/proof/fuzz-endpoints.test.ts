import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MD5_CRYPT, STRONG_PASSWORD } from '../support/accounts-fixtures.js'
import { createIncident, importAccounts } from '../support/admin-requests.js'
import { createTestApp } from '../support/test-app.js'

/**
 * Property: whatever arrives, every endpoint answers with a status below 500, and every
 * refusal is problem+json with a stable code (the only non-problem 4xx bodies are the login's
 * `{ok:false}` and the range API's HIBP-compatible text). Runs ≥ 10 k cases in all.
 */
const RUNS = Number(process.env.PWGUARD_FUZZ_RUNS ?? 1_000)

const hostileString = fc.oneof(
  fc.string({ maxLength: 64 }),
  fc.string({ unit: 'grapheme', maxLength: 64 }),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.constantFrom(
    '\u0000',
    '\ud800',
    '\udfff',
    'a\u0000b',
    '$2b$99$' + 'x'.repeat(53),
    '{CRYPT}',
    '$argon2id$m=9999999999,t=1,p=1$c2FsdHNhbHQ$aGFzaA',
  ),
  fc.string({ minLength: 1000, maxLength: 1100 }),
)

const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileString, tie('value'), { maxKeys: 4 }),
  ),
})).value

/** Percent-encodes the UTF-8 bytes (lone surrogates become U+FFFD), or passes raw `%` junk. */
const pathSegment = fc.oneof(
  hostileString.map((text) =>
    [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join(''),
  ),
  fc.constantFrom('%', '%E0%A4%A', '%ZZ', '%00', '%C0%AF', '..%2F..%2Fetc', '5BAA6%00'),
)

/** Bodies shaped like the real ones but with hostile fields, plus raw garbage. */
const bodyFor = (fields: string[]) =>
  fc.oneof(
    fc
      .record(Object.fromEntries(fields.map((f) => [f, jsonValue])), { requiredKeys: [] })
      .map((b) => JSON.stringify(b)),
    jsonValue.map((b) => JSON.stringify(b)),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  )

const ENDPOINTS: { method: string; path: string; type: string; fields: string[] }[] = [
  {
    method: 'POST',
    path: '/v1/passwords/check',
    type: 'application/json',
    fields: ['password', 'context', 'locale'],
  },
  {
    method: 'POST',
    path: '/v1/login',
    type: 'application/json',
    fields: ['externalId', 'email', 'password', 'client'],
  },
  {
    method: 'POST',
    path: '/v1/accounts',
    type: 'application/json',
    fields: ['externalId', 'email', 'password'],
  },
  {
    method: 'POST',
    path: '/v1/hashes/verify',
    type: 'application/json',
    fields: ['hash', 'password', 'hint'],
  },
  {
    method: 'POST',
    path: '/v1/accounts/known/password',
    type: 'application/json',
    fields: ['currentPassword', 'resetToken', 'newPassword'],
  },
  {
    method: 'POST',
    path: '/v1/incidents',
    type: 'application/json',
    fields: ['name', 'description', 'occurredAt', 'detectedAt', 'dataClasses', 'source'],
  },
  {
    method: 'POST',
    path: '/v1/incidents/INCIDENT/exposures',
    type: 'application/x-ndjson',
    fields: ['externalId', 'email', 'password', 'passwordSha1'],
  },
  {
    method: 'POST',
    path: '/v1/incidents/INCIDENT/exposures',
    type: 'text/csv',
    fields: ['externalId', 'email', 'password', 'passwordSha1'],
  },
  {
    method: 'POST',
    path: '/v1/incidents/INCIDENT/force-reset',
    type: 'application/json',
    fields: ['scope'],
  },
  {
    method: 'POST',
    path: '/v1/incidents/INCIDENT/notified',
    type: 'application/json',
    fields: ['at'],
  },
  {
    method: 'POST',
    path: '/v1/accounts/known/reset',
    type: 'application/json',
    fields: ['reason'],
  },
  {
    method: 'PUT',
    path: '/v1/tenant/contact',
    type: 'application/json',
    fields: ['name', 'email', 'phone'],
  },
  { method: 'PUT', path: '/v1/webhook', type: 'application/json', fields: ['url', 'secret'] },
  {
    method: 'POST',
    path: '/v1/admin/migration/wrap',
    type: 'application/json',
    fields: ['after', 'limit'],
  },
  {
    method: 'POST',
    path: '/v1/accounts/import',
    type: 'application/x-ndjson',
    fields: ['externalId', 'email', 'hash', 'hint'],
  },
]

/** An app with one known account and one incident, and a key with every scope. */
async function fuzzTarget() {
  const t = createTestApp()
  const key = await t.keyFor('fuzz', ['check', 'login', 'admin'])
  await importAccounts(t, key, [{ externalId: 'known', hash: MD5_CRYPT.hash }])
  const incidentId = await createIncident(t, key, { name: 'fuzz', dataClasses: ['email'] })
  return { t, key, incidentId }
}

describe('fuzzing every endpoint', () => {
  let t: ReturnType<typeof createTestApp>
  let key: Record<string, string>
  let incidentId = ''
  beforeAll(async () => {
    ;({ t, key, incidentId } = await fuzzTarget())
  })
  afterAll(() => t.close())

  const assertClean = async (res: Response, where: string) => {
    expect(res.status, where).toBeLessThan(500)
    if (res.status >= 400 && res.status !== 401) {
      expect(res.headers.get('content-type'), where).toBe('application/problem+json')
      const problem = (await res.json()) as { code?: unknown; status?: unknown }
      expect(typeof problem.code, where).toBe('string')
      expect(problem.status, where).toBe(res.status)
    }
  }

  for (const endpoint of ENDPOINTS) {
    it(`${endpoint.method} ${endpoint.path} (${endpoint.type}) never fails with 5xx`, async () => {
      await fc.assert(
        fc.asyncProperty(
          bodyFor(endpoint.fields),
          fc.constantFrom(endpoint.type, 'text/plain', ''),
          async (body, type) => {
            const headers: Record<string, string> = { ...key }
            if (type) headers['content-type'] = type
            const path = endpoint.path.replace('INCIDENT', incidentId)
            const res = await t.app.request(path, {
              method: endpoint.method,
              headers,
              body,
            })
            await assertClean(res, `${endpoint.path} ${body.slice(0, 80)}`)
          },
        ),
        { numRuns: RUNS },
      )
    })
  }

  it('GET /range/{anything} never fails with 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        pathSegment,
        fc.constantFrom('', '?mode=sha1', '?mode=ntlm', '?mode=x'),
        async (prefix, query) => {
          const res = await t.app.request(`/range/${prefix}${query}`, {
            headers: { 'add-padding': 'true' },
          })
          expect(res.status).toBeLessThan(500)
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('GET /v1/accounts/{anything} never fails with 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(pathSegment, async (id) => {
        const res = await t.app.request(`/v1/accounts/${id}`, { headers: key })
        await assertClean(res, id)
      }),
      { numRuns: RUNS },
    )
  })

  it('still serves real work after the barrage', async () => {
    const res = await t.app.request('/v1/login', {
      method: 'POST',
      headers: { ...key, 'content-type': 'application/json' },
      body: JSON.stringify({ externalId: 'known', password: MD5_CRYPT.password }),
    })
    expect(res.status).toBe(200)
    void STRONG_PASSWORD
  })
})

/**
 * What a hostile caller sends at the boundary: chunked bodies without a key (never buffered),
 * missing bodies (never read as `{}`) and lone surrogates in password fields (never hashed), on
 * every endpoint of the list above.
 */
describe('fuzzing the HTTP boundary: chunked, missing and ill-formed bodies', () => {
  let t: ReturnType<typeof createTestApp>
  let key: Record<string, string>
  let incidentId = ''
  beforeAll(async () => {
    ;({ t, key, incidentId } = await fuzzTarget())
  })
  afterAll(() => t.close())

  const pathOf = (endpoint: (typeof ENDPOINTS)[number]) =>
    endpoint.path.replace('INCIDENT', incidentId)

  it('answers chunked bodies without a key 401 having pulled at most one chunk', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ENDPOINTS),
        fc.uint8Array({ minLength: 1, maxLength: 4096 }),
        fc.constantFrom('', 'Bearer ', 'Bearer pwg_bogus', 'Basic Zm9vOmJhcg=='),
        async (endpoint, chunk, authorization) => {
          let pulled = 0
          const stream = new ReadableStream<Uint8Array>(
            {
              pull(controller) {
                pulled += chunk.byteLength
                controller.enqueue(chunk) // endless: only a server that stops reading finishes
              },
            },
            { highWaterMark: 0 },
          )
          const headers: Record<string, string> = { 'content-type': endpoint.type }
          if (authorization) headers.authorization = authorization
          const res = await t.app.request(pathOf(endpoint), {
            method: endpoint.method,
            headers,
            body: stream,
            duplex: 'half',
          } as RequestInit)
          expect(res.status).toBe(401)
          expect(pulled).toBeLessThanOrEqual(chunk.byteLength)
          await stream.cancel().catch(() => undefined)
        },
      ),
      { numRuns: Math.max(100, RUNS / 5) },
    )
  })

  it('answers a missing body on every JSON route 400 body_required', async () => {
    for (const endpoint of ENDPOINTS.filter((e) => e.type === 'application/json')) {
      const res = await t.app.request(pathOf(endpoint), { method: endpoint.method, headers: key })
      expect(res.status, endpoint.path).toBe(400)
      expect(((await res.json()) as { code: string }).code, endpoint.path).toBe('body_required')
    }
  })

  const PASSWORD_FIELDS: [string, string, Record<string, unknown>][] = [
    ['/v1/passwords/check', 'password', {}],
    ['/v1/accounts', 'password', { externalId: 'fuzz-new' }],
    ['/v1/login', 'password', { externalId: 'known' }],
    ['/v1/hashes/verify', 'password', { hash: MD5_CRYPT.hash }],
    ['/v1/accounts/known/password', 'currentPassword', { newPassword: STRONG_PASSWORD }],
    ['/v1/accounts/known/password', 'newPassword', { currentPassword: MD5_CRYPT.password }],
  ]

  it('refuses a lone surrogate anywhere in any password field with password_ill_formed', async () => {
    const loneSurrogate = fc
      .integer({ min: 0xd800, max: 0xdfff })
      .map((code) => String.fromCharCode(code))
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PASSWORD_FIELDS),
        fc.string({ maxLength: 40 }),
        loneSurrogate,
        fc.string({ maxLength: 40 }),
        async ([path, field, rest], before, lone, after) => {
          // A high half followed by a low half would pair up: keep the inserted one alone.
          const left = before.replace(/[\ud800-\udbff]$/, 'a')
          const right = after.replace(/^[\udc00-\udfff]/, 'b')
          const password = `${left}${lone}${right}`
          const res = await t.app.request(path, {
            method: 'POST',
            headers: { ...key, 'content-type': 'application/json' },
            body: JSON.stringify({ ...rest, [field]: password }),
          })
          expect(res.status, path).toBe(400)
          expect(((await res.json()) as { code: string }).code, path).toBe('password_ill_formed')
        },
      ),
      { numRuns: Math.max(200, RUNS / 2) },
    )
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import { createMemoryCorpus } from '../../../src/breach/memory-corpus.js'
import { createTestApp } from '../../support/test-app.js'

const PREFIX = '21BD1'
const ROWS = [
  { suffix: '0018A45C4D1DEF81644B54AB7F969B88D65', count: 1 },
  { suffix: '00D4F6E8FA6EECAD2A3AA415EEC418D38EC', count: 2 },
  { suffix: '011053FD0102E94D6AE2F8B83D76FAF94F6', count: 10_434_004 },
]
/** A dense prefix: the padding target must follow the largest real range, not stay at 800. */
const DENSE = Array.from({ length: 900 }, (_, i) => ({
  sha1: `ABCDE${i.toString(16).toUpperCase().padStart(35, '0')}`,
}))

function corpus() {
  return createMemoryCorpus([
    // Inserted unsorted and lowercase: the response must still be sorted and uppercase.
    ...[...ROWS]
      .reverse()
      .map((row) => ({ sha1: `${PREFIX}${row.suffix}`.toLowerCase(), count: row.count })),
    ...DENSE,
  ])
}

describe('GET /range/{prefix}', () => {
  const closers: (() => void)[] = []
  const app = (options: Parameters<typeof createTestApp>[0] = {}) => {
    const test = createTestApp({ corpus: corpus(), ...options })
    closers.push(test.close)
    return test
  }
  afterEach(() => closers.splice(0).forEach((close) => close()))

  it('answers uppercase SUFFIX:COUNT rows joined by CRLF, sorted, no trailing CRLF', async () => {
    const response = await app().app.request(`/range/${PREFIX.toLowerCase()}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(await response.text()).toBe(ROWS.map((r) => `${r.suffix}:${r.count}`).join('\r\n'))
    expect(response.headers.get('content-length')).not.toBe('0')
  })

  it("sends HIBP's CORS and cache headers", async () => {
    const response = await app().app.request(`/range/${PREFIX}`)
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    expect(response.headers.get('cache-control')).toBe('public, max-age=2678400')
    expect(response.headers.get('vary')).toBe('Add-Padding')
  })

  it('answers an empty 200 for a prefix with no hashes, like HIBP', async () => {
    const response = await app().app.request('/range/FFFFF')
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('')
  })

  it('pads every range to one row count: max(800, the largest real range)', async () => {
    const { app: service } = app()
    const padded = async (prefix: string) => {
      const response = await service.request(`/range/${prefix}`, {
        headers: { 'Add-Padding': 'true' },
      })
      return (await response.text()).split('\r\n')
    }
    for (const prefix of [PREFIX, 'ABCDE', '00000']) {
      const lines = await padded(prefix)
      expect(lines).toHaveLength(900)
      expect(lines.every((line) => /^[0-9A-F]{35}:\d+$/.test(line))).toBe(true)
      expect([...lines].sort()).toEqual(lines)
      expect(new Set(lines.map((line) => line.slice(0, 35))).size).toBe(900)
    }
    const lines = await padded(PREFIX)
    const real = lines.filter((line) => !line.endsWith(':0'))
    expect(real).toEqual(ROWS.map((r) => `${r.suffix}:${r.count}`))
    // Deterministic padding (per corpus version and prefix): the answer is cacheable.
    expect(await padded(PREFIX)).toEqual(lines)
  })

  it('rejects bad prefixes with 400 and HIBP’s text', async () => {
    const { app: service } = app()
    for (const path of [
      '/range/ABCD',
      '/range/ABCDEF',
      '/range/GHIJK',
      '/range/',
      '/range',
      '/range/AB%20CD',
    ]) {
      const response = await service.request(path)
      expect(response.status, path).toBe(400)
      expect(await response.text(), path).toBe('The hash prefix was not in a valid format')
      expect(response.headers.get('access-control-allow-origin')).toBe('*')
    }
  })

  it('answers a problem document when the caller asks for JSON', async () => {
    const response = await app().app.request('/range/XYZ', {
      headers: { accept: 'application/problem+json' },
    })
    expect(response.status).toBe(400)
    expect(response.headers.get('content-type')).toBe('application/problem+json')
    expect(await response.json()).toMatchObject({ status: 400, code: 'invalid_prefix' })
  })

  it('refuses an unknown mode and ntlm on a corpus without NTLM', async () => {
    const { app: service } = app()
    const unknown = await service.request(`/range/${PREFIX}?mode=md5`, {
      headers: { accept: 'application/json' },
    })
    expect(unknown.status).toBe(400)
    expect(await unknown.json()).toMatchObject({ code: 'invalid_mode' })
    const ntlm = await service.request(`/range/${PREFIX}?mode=ntlm`)
    expect(ntlm.status).toBe(400)
    expect(await ntlm.text()).toMatch(/no NTLM/)
    const ntlmProblem = await service.request(`/range/${PREFIX}?mode=ntlm`, {
      headers: { accept: 'application/problem+json' },
    })
    expect(await ntlmProblem.json()).toMatchObject({ status: 400, code: 'mode_unavailable' })
    expect((await service.request(`/range/${PREFIX}?mode=SHA1`)).status).toBe(200)
  })

  it('answers 405 with Allow for other methods, HEAD without a body', async () => {
    const { app: service } = app()
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const response = await service.request(`/range/${PREFIX}`, { method })
      expect(response.status, method).toBe(405)
      expect(response.headers.get('allow')).toBe('GET, HEAD, OPTIONS')
    }
    const asJson = await service.request(`/range/${PREFIX}`, {
      method: 'POST',
      headers: { accept: 'application/problem+json' },
    })
    expect(await asJson.json()).toMatchObject({ status: 405, code: 'method_not_allowed' })
    const head = await service.request(`/range/${PREFIX}`, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
  })

  it('answers a CORS preflight', async () => {
    const response = await app().app.request(`/range/${PREFIX}`, {
      method: 'OPTIONS',
      headers: { origin: 'https://booking.example', 'access-control-request-method': 'GET' },
    })
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, HEAD, OPTIONS')
    expect(response.headers.get('access-control-allow-headers')).toContain('Add-Padding')
  })

  it('needs a check key when the range is not public', async () => {
    const test = app({ settings: { rangePublic: false } })
    expect((await test.app.request(`/range/${PREFIX}`)).status).toBe(401)
    const loginOnly = await test.keyFor('t1', ['login'])
    expect((await test.app.request(`/range/${PREFIX}`, { headers: loginOnly })).status).toBe(403)
    const response = await test.app.request(`/range/${PREFIX}`, {
      headers: await test.keyFor('t1', ['check']),
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('private, max-age=2678400')
  })

  it('is documented in the OpenAPI document', async () => {
    const document = (await (await app().app.request('/openapi.json')).json()) as {
      paths: Record<string, { get?: { responses: Record<string, unknown> } }>
    }
    expect(Object.keys(document.paths['/range/{prefix}']?.get?.responses ?? {})).toEqual([
      '200',
      '304',
      '400',
      '405',
    ])
  })
})

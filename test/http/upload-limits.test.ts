import { afterEach, describe, expect, it } from 'vitest'
import { MD5_CRYPT } from '../support/accounts-fixtures.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'
import { countingBody, MIB, streamedInit } from './streamed-body.js'
import { createIncident } from '../support/admin-requests.js'
import { DEFAULT_INGEST_BATCH } from '../../src/incidents/ingest-exposures.js'

/**
 * An unauthenticated caller must not make the server buffer a body: bodies are read only after
 * auth and routing, and bulk uploads stream through a byte counter. Each test counts the bytes the app pulled from a chunked body.
 */
const NDJSON = { 'content-type': 'application/x-ndjson' }
const junk = new Uint8Array(64 * 1024).fill(0x61)

/** 64 KiB of valid import lines, numbered from `start`. */
function importChunk(start: number): { chunk: Uint8Array; lines: number } {
  let text = ''
  let lines = 0
  while (text.length < 64 * 1024 - 100) {
    text += JSON.stringify({ externalId: `bulk-${start + lines}`, hash: MD5_CRYPT.hash }) + '\n'
    lines += 1
  }
  return { chunk: new TextEncoder().encode(text), lines }
}

describe('upload limits', () => {
  let t: ReturnType<typeof createTestApp>
  afterEach(() => t.close())

  it('answers an upload without a key having read at most a few MiB of it', async () => {
    t = createTestApp({ settings: { maxImportBytes: 256 * MIB } })
    for (const path of ['/v1/accounts/import', '/v1/incidents/inc_x/exposures']) {
      const body = countingBody(junk, 200 * MIB)
      const res = await t.app.request(path, streamedInit('POST', body.stream, NDJSON))
      expect(res.status, path).toBe(401)
      expect(body.pulled(), path).toBeLessThanOrEqual(2 * MIB)
    }
  })

  it('answers an unknown bulk-looking route 404 without reading its body', async () => {
    t = createTestApp({ settings: { maxImportBytes: 256 * MIB } })
    const admin = await t.keyFor('t1', ['admin'])
    for (const path of ['/v1/nothing/import', '/v1/accounts/x/exposures', '/v2/import']) {
      const body = countingBody(junk, 200 * MIB)
      const res = await t.app.request(
        path,
        streamedInit('POST', body.stream, { ...admin, ...NDJSON }),
      )
      expect(res.status, path).toBe(404)
      expect(body.pulled(), path).toBeLessThanOrEqual(2 * MIB)
    }
  })

  it('answers an unknown incident 404 before reading the exposure list', async () => {
    t = createTestApp({ settings: { maxImportBytes: 256 * MIB } })
    const admin = await t.keyFor('t1', ['admin'])
    const body = countingBody(junk, 200 * MIB)
    const path = '/v1/incidents/inc_missing/exposures'
    const res = await t.app.request(
      path,
      streamedInit('POST', body.stream, { ...admin, ...NDJSON }),
    )
    expect(res.status).toBe(404)
    expect(body.pulled()).toBeLessThanOrEqual(2 * MIB)
  })

  it('streams an authenticated import and stops at the limit with 413', async () => {
    t = createTestApp({ settings: { maxImportBytes: 1 * MIB } })
    const admin = await t.keyFor('t1', ['admin'])
    const { chunk } = importChunk(0)
    const body = countingBody(chunk, 8 * MIB)
    const res = await t.app.request(
      '/v1/accounts/import',
      streamedInit('POST', body.stream, { ...admin, ...NDJSON }),
    )
    expect(res.status).toBe(413)
    const problem = (await res.json()) as { code: string; committed: { imported: number } }
    expect(problem.code).toBe('payload_too_large')
    // Whole batches before the limit stay written; the 413 and the audit log say how many.
    expect(problem.committed.imported).toBeGreaterThan(0)
    const audit = (await (await t.app.request('/v1/audit', { headers: admin })).json()) as {
      entries: { action: string; details: Record<string, unknown> }[]
    }
    expect(audit.entries.at(-1)).toMatchObject({
      action: 'accounts.imported',
      details: { imported: problem.committed.imported, truncated: true },
    })
    // Stopped at the limit, not after the whole 8 MiB.
    expect(body.pulled()).toBeLessThanOrEqual(1 * MIB + chunk.byteLength)
    // The lines before the limit went in as they arrived: streamed, not buffered first.
    const first = await t.app.request('/v1/accounts/bulk-0', { headers: admin })
    expect(first.status).toBe(200)
  })

  it('streams an exposure list over the limit and stops it with 413, committed batches audited', async () => {
    t = createTestApp({ settings: { maxImportBytes: 1 * MIB } })
    const admin = await t.keyFor('t1', ['admin'])
    const id = await createIncident(t, admin, { name: 'x', dataClasses: ['email'] })
    let text = ''
    // Distinct records beyond one ingest batch (~600 KiB), so a batch commits before the limit.
    for (let n = 0; n < DEFAULT_INGEST_BATCH + 1_000; n++) text += `{"externalId":"exposed-${n}"}\n`
    expect(text.length).toBeLessThan(1 * MIB)
    const chunk = new TextEncoder().encode(text)
    const body = countingBody(chunk, 8 * MIB)
    const res = await t.app.request(
      `/v1/incidents/${id}/exposures`,
      streamedInit('POST', body.stream, { ...admin, ...NDJSON }),
    )
    expect(res.status).toBe(413)
    const problem = (await res.json()) as { committed: { records: number } }
    expect(problem.committed.records).toBeGreaterThan(0)
    expect(body.pulled()).toBeLessThanOrEqual(1 * MIB + chunk.byteLength)
    const audit = (await (await t.app.request('/v1/audit', { headers: admin })).json()) as {
      entries: { action: string; details: Record<string, unknown> }[]
    }
    expect(audit.entries.at(-1)).toMatchObject({
      action: 'incident.exposures_ingested',
      details: { records: problem.committed.records, truncated: true },
    })
  })

  it('imports a chunked body under the limit in full', async () => {
    t = createTestApp({ settings: { maxImportBytes: 2 * MIB } })
    const admin = await t.keyFor('t1', ['admin'])
    const { chunk, lines } = importChunk(0)
    const body = countingBody(chunk, chunk.byteLength * 16)
    const res = await t.app.request(
      '/v1/accounts/import',
      streamedInit('POST', body.stream, { ...admin, ...NDJSON }),
    )
    expect(res.status).toBe(200)
    // The same chunk 16 times: the same externalIds, so one import and the rest unchanged.
    const report = (await res.json()) as { imported: number; unchanged: number }
    expect(report.imported).toBe(lines)
    expect(report.imported + report.unchanged).toBe(lines * 16)
  })

  it('refuses a declared Content-Length over the import limit before writing anything', async () => {
    t = createTestApp({ settings: { maxImportBytes: 64 * 1024 } })
    const admin = await t.keyFor('t1', ['admin'])
    const { chunk } = importChunk(0)
    const body = new Uint8Array(chunk.byteLength * 2)
    body.set(chunk)
    body.set(chunk, chunk.byteLength)
    const res = await t.app.request('/v1/accounts/import', {
      method: 'POST',
      headers: { ...admin, ...NDJSON, 'content-length': String(body.byteLength) },
      body,
    })
    expect(res.status).toBe(413)
    expect((await t.app.request('/v1/accounts/bulk-0', { headers: admin })).status).toBe(404)
  })

  it('holds JSON routes to the JSON limit even when chunked (413, not a JSON error)', async () => {
    t = createTestApp()
    const check = await t.keyFor('t1', ['check'])
    const body = countingBody(junk, 200 * MIB)
    const res = await t.app.request(
      '/v1/passwords/check',
      streamedInit('POST', body.stream, { ...check, 'content-type': 'application/json' }),
    )
    expect(res.status).toBe(413)
    expect(((await res.json()) as { code: string }).code).toBe('payload_too_large')
    expect(body.pulled()).toBeLessThanOrEqual(64 * 1024 + junk.byteLength)
    // A normal body still passes through the meter.
    const ok = await t.app.request(
      '/v1/passwords/check',
      jsonRequest('POST', { password: 'violet-tractor-harbour-quietly-47' }, check),
    )
    expect(ok.status).toBe(200)
  })
})

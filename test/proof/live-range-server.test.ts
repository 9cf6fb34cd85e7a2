import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServerWithCorpus, type ServerProcess } from './support/server-process.js'

const KEY = 'pwg-live-range-bootstrap-key-0123456789'

/** The real server: an exposure ingested over HTTP is in /range (Node fast path) at once. */
describe('live additions on the real Node server', () => {
  let server: ServerProcess
  beforeAll(async () => {
    ;({ server } = await startServerWithCorpus({ passwords: ['password1234567'], key: KEY }))
  }, 120_000)
  afterAll(async () => server?.stop())

  it('serves a freshly exposed password from GET /range, cached or not', async () => {
    const password = 'exposed-in-the-2017-leak-42'
    const sha1 = createHash('sha1').update(password).digest('hex').toUpperCase()
    const range = async () =>
      (await (await fetch(`${server.baseUrl}/range/${sha1.slice(0, 5)}`)).text()).split('\r\n')
    expect(await range()).not.toContain(`${sha1.slice(5)}:1`)
    const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }
    const incident = await fetch(`${server.baseUrl}/v1/incidents`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        name: 'leak',
        detectedAt: new Date().toISOString(),
        dataClasses: ['password'],
      }),
    })
    const { id } = (await incident.json()) as { id: string }
    const ingest = await fetch(`${server.baseUrl}/v1/incidents/${id}/exposures`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-ndjson' },
      body: `${JSON.stringify({ password })}\n`,
    })
    expect(ingest.status).toBe(200)
    expect(await range()).toContain(`${sha1.slice(5)}:1`)
    const check = await fetch(`${server.baseUrl}/v1/passwords/check`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ password }),
    })
    expect(await check.json()).toMatchObject({
      acceptable: false,
      breach: { breached: true, count: 1 },
    })
  }, 60_000)
})

import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServerWithCorpus, type ServerProcess } from './support/server-process.js'

const KEY = 'pwg-live-range-bootstrap-key-0123456789'

/**
 * The real server: a tenant's ingested exposure is refused by that tenant's check at once but
 * never served by /range (other tenants must not see it); the operator's `pwguard corpus add` is served by
 * /range (Node fast path) within a second, cached or not.
 */
describe('live additions on the real Node server', () => {
  let server: ServerProcess
  let dir: string
  beforeAll(async () => {
    ;({ server, dir } = await startServerWithCorpus({ passwords: ['password1234567'], key: KEY }))
  }, 120_000)
  afterAll(async () => server?.stop())

  it("keeps a tenant's exposure out of /range and serves the operator's addition", async () => {
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
    const check = await fetch(`${server.baseUrl}/v1/passwords/check`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ password }),
    })
    expect(await check.json()).toMatchObject({
      acceptable: false,
      breach: { breached: true, count: 1 },
    })
    expect(await range()).not.toContain(`${sha1.slice(5)}:1`)
    // The operator adds the list to the shared corpus: the running server serves it.
    writeFileSync(join(dir, 'shared.txt'), `${password}\n`)
    const add = spawnSync(
      'node',
      ['src/entry/pwguard-bin.mjs', 'corpus', 'add', join(dir, 'shared.txt'), '--format', 'plain'],
      {
        encoding: 'utf8',
        env: {
          ...process.env,
          PWGUARD_CORPUS: join(dir, 'corpus'),
          PWGUARD_DB: join(dir, 'pwguard.db'),
          PWGUARD_SECRET: 's'.repeat(40),
        },
      },
    )
    expect(add.status, add.stderr).toBe(0)
    let served = false
    for (let tries = 0; tries < 40 && !served; tries++) {
      served = (await range()).includes(`${sha1.slice(5)}:1`)
      if (!served) await new Promise((resolve) => setTimeout(resolve, 250))
    }
    expect(served).toBe(true)
  }, 60_000)
})

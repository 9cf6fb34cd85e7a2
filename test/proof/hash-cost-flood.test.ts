import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServerWithCorpus, type ServerProcess } from './support/server-process.js'

const KEY = 'pwg-hash-cost-bootstrap-key-0123456789'
const PASSWORD = 'violet-tractor-harbour-quietly-47'
const ab64 = (bytes: number) =>
  Buffer.alloc(bytes, 7).toString('base64').replace(/=+$/, '').replaceAll('+', '.')

/**
 * Caller-chosen hash cost on the real Node server (its own wiring: niced hashing threads, the fair
 * gate): hostile costs are refused at once; a tenant flooding costly verifies neither stalls the
 * event loop nor starves another tenant's login.
 */
describe('caller-chosen hash cost on the real server', () => {
  let server: ServerProcess
  let tenantB: Record<string, string>
  const tenantA = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }
  beforeAll(async () => {
    let dir: string
    ;({ server, dir } = await startServerWithCorpus({
      passwords: ['password1234567'],
      key: KEY,
      env: { PWGUARD_ARGON2_MAX_CONCURRENT: '2', PWGUARD_ARGON2_MAX_QUEUE: '16' },
    }))
    const created = spawnSync(
      'node',
      ['src/entry/pwguard-bin.mjs', 'keys', 'create', '--tenant', 'clinic-b', '--scopes', 'login'],
      { encoding: 'utf8', env: { ...process.env, PWGUARD_DB: join(dir, 'pwguard.db') } },
    )
    if (created.status !== 0) throw new Error(created.stderr)
    tenantB = {
      authorization: `Bearer ${created.stdout.trim().split('\n').at(-1)}`,
      'content-type': 'application/json',
    }
    const account = await fetch(`${server.baseUrl}/v1/accounts`, {
      method: 'POST',
      headers: tenantB,
      body: JSON.stringify({ externalId: 'patient', password: PASSWORD }),
    })
    expect(account.status).toBe(201)
  }, 180_000)
  afterAll(async () => server?.stop())

  const verify = (hash: string) =>
    fetch(`${server.baseUrl}/v1/hashes/verify`, {
      method: 'POST',
      headers: tenantA,
      body: JSON.stringify({ hash, password: 'x'.repeat(1024) }),
    })

  it('refuses a 10 M-round sha512-crypt (~51 s each) at once, 8 at a time', async () => {
    const start = performance.now()
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => verify(`$6$rounds=10000000$salt$${'a'.repeat(86)}`)),
    )
    expect(answers.map((res) => res.status)).toEqual(Array(8).fill(422))
    expect(performance.now() - start).toBeLessThan(2_000)
  })

  it("keeps /health and tenant B's login fast while tenant A floods costly verifies", async () => {
    const login = async () => {
      const start = performance.now()
      const res = await fetch(`${server.baseUrl}/v1/login`, {
        method: 'POST',
        headers: tenantB,
        body: JSON.stringify({ externalId: 'patient', password: PASSWORD }),
      })
      return { status: res.status, ms: performance.now() - start }
    }
    const alone = await login()
    const floodStart = performance.now()
    let flooding = true
    const flood = Promise.all(
      Array.from({ length: 24 }, () =>
        verify(`$pbkdf2-sha256$1000000$${ab64(16)}$${ab64(32)}`).then((res) => res.status),
      ),
    ).finally(() => (flooding = false))
    const healthMs: number[] = []
    const probe = (async () => {
      while (flooding) {
        const start = performance.now()
        await fetch(`${server.baseUrl}/health`)
        healthMs.push(performance.now() - start)
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    })()
    await new Promise((resolve) => setTimeout(resolve, 100))
    const during = await login()
    const statuses = await flood
    const floodMs = performance.now() - floodStart
    await probe
    const worstHealth = Math.max(...healthMs)
    console.log(
      JSON.stringify({ figure: 'hash-cost-flood', alone, during, floodMs, worstHealth, statuses }),
    )
    expect(during.status).toBe(200)
    expect(statuses).toContain(503)
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true)
    expect(during.ms).toBeLessThan(floodMs * 0.5)
    expect(worstHealth).toBeLessThan(500)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { serveApp } from './browser-support.js'
import { CONSOLE_PASSWORD, consoleUserFor, formPost } from './console-support.js'

/**
 * Console sign-in is throttled per browser address too (/v1/login's IP rule: 20 free failures
 * an hour), across tenants and e-mails, so spraying one guess over many users meets a limit.
 * In-process requests carry the address the Worker reads, `CF-Connecting-IP`.
 */
describe('console sign-in: per-address throttle', () => {
  const t = createTestApp()
  let user: Awaited<ReturnType<typeof consoleUserFor>>
  const attempt = (ip: string, fields: Record<string, string>) =>
    t.app.request('/console/login', formPost(fields, { 'cf-connecting-ip': ip }))
  const guess = (ip: string, i: number) =>
    attempt(ip, {
      tenant: `tenant-${i % 3}`,
      email: `user${i}@spray.example`,
      password: 'Summer2026!Summer2026!',
      code: '000000',
    })

  beforeAll(async () => {
    user = await consoleUserFor(t, 'clinic', 'dpo@clinic.example')
  })
  afterAll(() => t.close())

  it('refuses an address after 20 failures over many users and tenants, not another one', async () => {
    for (let i = 0; i < 20; i++) expect((await guess('203.0.113.7', i)).status).toBe(401)
    const refused = await guess('203.0.113.7', 20)
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    // The right credentials from that address wait too; from another address they pass.
    const real = { tenant: 'clinic', email: 'dpo@clinic.example', password: CONSOLE_PASSWORD }
    const code = user.code(t.clock.now())
    expect((await attempt('203.0.113.7', { ...real, code })).status).toBe(429)
    expect((await attempt('198.51.100.4', { ...real, code })).status).toBe(303)
  })

  it('counts an IPv6 /64 as one address', async () => {
    for (let i = 0; i < 20; i++) await guess(`2001:db8:1:2::${i.toString(16)}`, i)
    expect((await guess('2001:db8:1:2:ffff::1', 99)).status).toBe(429)
  })

  it('counts the TCP peer over real HTTP on Node, never a CF-Connecting-IP a client sends', async () => {
    const other = createTestApp()
    const server = await serveApp(other)
    try {
      const post = (i: number) => {
        const fields = {
          tenant: 't',
          email: `u${i}@x.example`,
          password: 'p'.repeat(20),
          code: '1',
        }
        // A fresh spoofed address each time: ignored, the peer (127.0.0.1) is what counts.
        const init = formPost(fields, { origin: server.base, 'cf-connecting-ip': `192.0.2.${i}` })
        return fetch(`${server.base}/console/login`, { ...init, redirect: 'manual' })
      }
      for (let i = 0; i < 20; i++) expect((await post(i)).status).toBe(401)
      expect((await post(20)).status).toBe(429)
    } finally {
      await server.close()
      other.close()
    }
  })
})

import { describe, expect, it } from 'vitest'
import { createPromMetrics } from '../../src/meta/prom-metrics-node.js'
import { createTestApp } from '../support/test-app.js'

const TOKEN = 'metrics-token-0123456789'

describe('GET /ready', () => {
  it('is ready when the database answers and the corpus reads, with the entry checks', async () => {
    const t = createTestApp({
      deps: { readiness: { checks: async () => ({ migrations: true, accepting: true }) } },
    })
    const res = await t.app.request('/ready')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      status: 'ready',
      checks: { database: true, corpus: true, migrations: true, accepting: true },
    })
  })

  it('answers 503 naming the failing check (draining, closed database)', async () => {
    const t = createTestApp({
      deps: { readiness: { checks: async () => ({ accepting: false }) } },
    })
    t.driver.close()
    const res = await t.app.request('/ready')
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({
      status: 'not_ready',
      checks: { database: false, accepting: false },
    })
  })
})

describe('GET /metrics', () => {
  it('does not exist without a metrics token', async () => {
    const res = await createTestApp().app.request('/metrics')
    expect(res.status).toBe(404)
  })

  it('needs the token, then counts requests by route pattern, never by raw path', async () => {
    const t = createTestApp({ deps: { metrics: createPromMetrics(TOKEN) } })
    expect((await t.app.request('/metrics')).status).toBe(401)
    const wrong = await t.app.request('/metrics', { headers: { authorization: 'Bearer nope' } })
    expect(wrong.status).toBe(401)

    await t.app.request('/health')
    const admin = await t.keyFor('acme', ['admin'])
    await t.app.request('/v1/accounts/alice%40example.com', { headers: admin })
    await t.app.request('/no/such/route')
    const res = await t.app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/)
    const body = await res.text()
    expect(body).toContain(
      'pwguard_http_requests_total{method="GET",route="/health",status="200"} 1',
    )
    expect(body).toContain('route="/v1/accounts/:externalId",status="404"')
    expect(body).toContain('route="unmatched",status="404"')
    expect(body).not.toContain('alice')
    expect(body).toContain('pwguard_http_request_duration_seconds_bucket')
    expect(body).toContain('pwguard_process_cpu_seconds_total')
  })

  it('reports the argon2 queue when the hasher is reachable', async () => {
    const stats = { running: 2, queued: 7, rejected: 3 }
    const metrics = createPromMetrics(TOKEN, { hasherStats: () => stats })
    const body = (await metrics.render()).body
    expect(body).toContain('pwguard_argon2_queue_depth 7')
    expect(body).toContain('pwguard_argon2_running 2')
    expect(body).toContain('pwguard_argon2_shed_total 3')
    stats.rejected = 5
    expect((await metrics.render()).body).toContain('pwguard_argon2_shed_total 5')
  })
})

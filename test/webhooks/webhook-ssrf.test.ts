import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { webhookOutbox, webhooks } from '../../src/store/schema.js'
import { outboxInsert } from '../../src/store/sqlite/sqlite-outbox-insert.js'
import { runWebhookDelivery } from '../../src/webhooks/run-webhook-delivery.js'
import { parseWebhookAllowList } from '../../src/webhooks/webhook-allow-list.js'
import {
  createNodeWebhookSender,
  type ResolveHost,
} from '../../src/webhooks/webhook-sender-node.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'
import { startLocalReceiver } from './local-receiver.js'

const SECRET = 'whsec-ssrf-test-secret-0123'

/** A resolver that answers 127.0.0.1 for every name: what a rebinding DNS service does. */
const inward: ResolveHost = async () => [{ address: '127.0.0.1', family: 4 }]

describe('webhook targets: no SSRF, and no oracle on which internal ports answer', () => {
  const cleanup: (() => Promise<void> | void)[] = []
  afterEach(async () => {
    for (const step of cleanup.splice(0)) await step()
  })

  async function setup(allowedHosts: string[], resolve?: ResolveHost) {
    const t = createTestApp({ settings: { webhookAllowedHosts: allowedHosts } })
    const allow = parseWebhookAllowList(allowedHosts)
    t.deps.webhookSender = createNodeWebhookSender({ allow, ...(resolve && { resolve }) })
    const receiver = await startLocalReceiver({ secret: SECRET, clock: t.clock })
    cleanup.push(
      () => receiver.close(),
      () => t.close(),
    )
    const admin = await t.keyFor('clinic', ['admin'])
    const put = (url: string) =>
      t.app.request('/v1/webhook', jsonRequest('PUT', { url, secret: SECRET }, admin))
    /** Stores a URL as a row predating the rules would be, bypassing registration. */
    const store = async (url: string) => {
      expect((await put('https://hooks.example.be/x')).status).toBeLessThan(300)
      await t.driver.db.update(webhooks).set({ url })
    }
    const emitAndDeliver = async () => {
      const event = outboxInsert(t.driver.db, {
        tenantId: 'clinic',
        type: 'incident.created',
        data: {},
        now: t.clock.now(),
      })
      await t.driver.batch([event.statement])
      const report = await runWebhookDelivery(t.deps, { timeoutMs: 2_000 })
      const [row] = await t.driver.db.select().from(webhookOutbox)
      return { report, lastError: row!.lastError }
    }
    return { t, receiver, admin, put, store, emitAndDeliver }
  }

  it('refuses internal literals, v4-mapped forms, local and metadata names at registration', async () => {
    const { put } = await setup([])
    const refused = [
      'https://127.0.0.1/x',
      'https://[::1]/x',
      'https://[::ffff:127.0.0.1]/x',
      'https://[::ffff:a9fe:a9fe]/x',
      'https://[::127.0.0.1]/x',
      'https://10.0.0.5/x',
      'https://172.16.3.4/x',
      'https://192.168.1.1/x',
      'https://169.254.169.254/latest/meta-data',
      'https://100.64.0.1/x',
      'https://0.0.0.0/x',
      'https://[fe80::1]/x',
      'https://[fd00:ec2::254]/x',
      'https://224.0.0.1/x',
      'https://255.255.255.255/x',
      'https://2130706433/x',
      'https://0x7f.1/x',
      'https://localhost/x',
      'https://LOCALHOST./x',
      'https://metadata.google.internal/computeMetadata/v1/',
      'https://anything.internal/x',
      'http://127.0.0.1:9/x',
      'http://hooks.example.be/x',
    ]
    for (const url of refused) {
      const res = await put(url)
      expect(res.status, url).toBe(400)
      expect(((await res.json()) as { code: string }).code).toBe('invalid_body')
    }
    expect((await put('https://hooks.example.be/x')).status).toBe(201)
    expect((await put('https://[2606:4700::1111]/x')).status).toBe(200)
  })

  it('accepts http to an allow-listed host or CIDR only', async () => {
    const { put } = await setup(['127.0.0.1', 'relay.corp', '10.8.0.0/16'])
    expect((await put('http://127.0.0.1:9/x')).status).toBe(201)
    expect((await put('http://relay.corp/x')).status).toBe(200)
    expect((await put('https://10.8.1.2/x')).status).toBe(200)
    expect((await put('https://10.9.1.2/x')).status).toBe(400)
    expect((await put('http://[::ffff:127.0.0.1]:9/x')).status).toBe(400)
  })

  it('refuses at send time a name that resolves inward, without connecting', async () => {
    const { receiver, store, emitAndDeliver } = await setup([], inward)
    await store(`https://hooks.example.be:${receiver.port}/hooks`)
    expect(await emitAndDeliver()).toMatchObject({
      report: { retrying: 1 },
      lastError: 'refused_target',
    })
    expect(receiver.state.requests).toBe(0)
  })

  it('refuses localhost through the system resolver, and stored inward literals', async () => {
    const { receiver, store, emitAndDeliver } = await setup([])
    await store(`http://localhost:${receiver.port}/hooks`)
    expect((await emitAndDeliver()).lastError).toBe('refused_target')
    await store(`https://[::ffff:127.0.0.1]:${receiver.port}/hooks`)
    expect((await emitAndDeliver()).lastError).toBe('refused_target')
    expect(receiver.state.requests).toBe(0)
  })

  it('connects to the address it checked: an allow-listed name is delivered via the pinned lookup', async () => {
    // `receiver.pwguard.test` exists in no DNS: only the pinned answer can reach the receiver.
    const { receiver, put, emitAndDeliver } = await setup(['receiver.pwguard.test'], inward)
    expect((await put(`http://receiver.pwguard.test:${receiver.port}/hooks`)).status).toBe(201)
    expect(await emitAndDeliver()).toMatchObject({ report: { delivered: 1 }, lastError: null })
    expect([...receiver.processed.values()][0]!.signatureValid).toBe(true)
  })

  it('does not follow redirects', async () => {
    const { receiver, put, emitAndDeliver } = await setup(['127.0.0.1'])
    const redirector = createServer((req, res) => {
      res.writeHead(307, { location: receiver.url }).end()
    })
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve))
    cleanup.push(() => new Promise<void>((resolve) => redirector.close(() => resolve())))
    const { port } = redirector.address() as AddressInfo
    expect((await put(`http://127.0.0.1:${port}/hooks`)).status).toBe(201)
    expect((await emitAndDeliver()).lastError).toBe('http_3xx')
    expect(receiver.state.requests).toBe(0)
  })

  it('keeps lastError coarse: a closed port and a silent one say nothing about the port', async () => {
    const { t, receiver, put, emitAndDeliver, admin } = await setup(['127.0.0.1'])
    await receiver.close()
    expect((await put(receiver.url)).status).toBe(201)
    expect((await emitAndDeliver()).lastError).toBe('connect_failed')
    const events = await t.app.request('/v1/webhook/events', { headers: admin })
    const body = (await events.json()) as { events: { lastError: string }[] }
    expect(body.events.map((event) => event.lastError)).toEqual(['connect_failed'])
    expect(JSON.stringify(body)).not.toMatch(/ECONN|refused|127\.0\.0\.1|localhost/i)
  })
})

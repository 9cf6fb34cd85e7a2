import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Clock } from '../../src/ports/clock.js'
import { verifyWebhookSignature } from '../../src/webhooks/webhook-signature.js'
import { jsonRequest } from '../support/test-app.js'

export interface ReceivedEvent {
  id: string
  body: string
  signatureValid: boolean
}

/**
 * A real HTTP receiver on a loopback ephemeral port, written as a site would write one: it
 * verifies the signature on the raw body, answers 500 while `failNext` > 0, and dedupes by
 * Webhook-Id so a redelivered event is processed once.
 */
export async function startLocalReceiver(options: { secret: string; clock: Clock }) {
  const processed = new Map<string, ReceivedEvent>()
  const state = { failNext: 0, requests: 0, duplicates: 0, badSignatures: 0 }
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      void (async () => {
        state.requests++
        const body = Buffer.concat(chunks).toString('utf8')
        if (state.failNext > 0) {
          state.failNext--
          res.writeHead(500).end('down')
          return
        }
        const verdict = await verifyWebhookSignature({
          secret: options.secret,
          header: req.headers['pwguard-signature'] as string | undefined,
          body,
          now: options.clock.now(),
        })
        if (!verdict.valid) state.badSignatures++
        const id = String(req.headers['webhook-id'])
        if (processed.has(id)) state.duplicates++
        else processed.set(id, { id, body, signatureValid: verdict.valid })
        res.writeHead(verdict.valid ? 204 : 400).end()
      })()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    processed,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

export type LocalReceiver = Awaited<ReturnType<typeof startLocalReceiver>>

/**
 * A local receiver registered as the tenant's webhook through `PUT /v1/webhook` (the app must
 * allow 127.0.0.1 in `webhookAllowedHosts`). Throws if the registration is refused.
 */
export async function registerLocalReceiver(
  t: { app: { request(path: string, init: RequestInit): Response | Promise<Response> } } & {
    clock: Clock
  },
  headers: Record<string, string>,
  secret: string,
): Promise<LocalReceiver> {
  const receiver = await startLocalReceiver({ secret, clock: t.clock })
  const body = { url: receiver.url, secret }
  const res = await t.app.request('/v1/webhook', jsonRequest('PUT', body, headers))
  if (res.status !== 200 && res.status !== 201) {
    await receiver.close()
    throw new Error(`PUT /v1/webhook answered ${res.status}`)
  }
  return receiver
}

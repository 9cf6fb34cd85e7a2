import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Clock } from '../../src/ports/clock.js'
import { verifyWebhookSignature } from '../../src/webhooks/webhook-signature.js'

export type LegacyMode = 'answer' | 'slow' | 'error500' | 'garbage'

/**
 * A legacy identity system's verify endpoint as a site would write one, on 127.0.0.1: it
 * checks pwguard's signature on the raw body (401 when it does not match), then answers
 * `{"verified": …}` from its own user table. `mode` makes it slow, fail with 500 or answer
 * nonsense. `delayMs` holds every answer (for the concurrent first-login test).
 */
export async function startLegacyServer(options: {
  secret: string
  clock: Clock
  users: Record<string, string>
}) {
  const state = {
    mode: 'answer' as LegacyMode,
    delayMs: 0,
    calls: 0,
    validSignatures: 0,
    badSignatures: 0,
    externalIds: [] as string[],
  }
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      void (async () => {
        state.calls++
        const body = Buffer.concat(chunks).toString('utf8')
        const verdict = await verifyWebhookSignature({
          secret: options.secret,
          header: req.headers['pwguard-signature'] as string | undefined,
          body,
          now: options.clock.now(),
        })
        if (!verdict.valid) {
          state.badSignatures++
          res.writeHead(401).end('bad signature')
          return
        }
        state.validSignatures++
        if (state.mode === 'slow') await new Promise((resolve) => setTimeout(resolve, 2_000))
        if (state.delayMs) await new Promise((resolve) => setTimeout(resolve, state.delayMs))
        if (state.mode === 'error500') return void res.writeHead(500).end('legacy down')
        if (state.mode === 'garbage') return void res.writeHead(200).end('<html>ok</html>')
        const { externalId, password } = JSON.parse(body) as Record<string, string>
        state.externalIds.push(String(externalId))
        const verified = options.users[String(externalId)] === password
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ verified }))
      })()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/verify`,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

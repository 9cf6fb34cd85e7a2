import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { createGracefulShutdown } from '../../src/entry/graceful-shutdown-node.js'
import { createMemoryLogger } from '../../src/ports/logger.js'

async function listening(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

describe('graceful shutdown bound', () => {
  it('cuts a request that outlives the timeout, closes storage and exits 1', async () => {
    const server = createServer(() => {}) // never answers
    const port = await listening(server)
    const events: string[] = []
    const exited = new Promise<number>((resolve) => {
      const shutdown = createGracefulShutdown({
        server,
        timeoutMs: 300,
        logger: createMemoryLogger(),
        stopBackground: async () => void events.push('background'),
        close: () => events.push('close'),
        exit: resolve,
      })
      const req = request({ host: '127.0.0.1', port, path: '/' })
      req.on('error', () => events.push('cut'))
      req.end()
      setTimeout(() => shutdown('SIGTERM'), 100)
    })
    const started = performance.now()
    expect(await exited).toBe(1)
    expect(performance.now() - started).toBeLessThan(5_000)
    expect(events).toEqual(expect.arrayContaining(['background', 'close']))
    expect(events.indexOf('background')).toBeLessThan(events.indexOf('close'))
  })

  it('an idle keep-alive connection does not hold the exit', async () => {
    const server = createServer((_req, res) => res.end('ok'))
    const port = await listening(server)
    const agent = new (await import('node:http')).Agent({ keepAlive: true })
    await new Promise<void>((resolve) =>
      request({ host: '127.0.0.1', port, agent }, (res) => res.resume().on('end', resolve)).end(),
    )
    const code = await new Promise<number>((exit) =>
      createGracefulShutdown({
        server,
        timeoutMs: 10_000,
        logger: createMemoryLogger(),
        stopBackground: async () => {},
        close: () => {},
        exit,
      })('SIGTERM'),
    )
    agent.destroy()
    expect(code).toBe(0)
  })
})

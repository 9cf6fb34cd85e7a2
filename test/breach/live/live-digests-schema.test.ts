import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import {
  LIVE_DIGESTS_SCHEMA,
  LIVE_DIGESTS_SQL,
} from '../../../src/breach/live/live-digests-schema.js'
import { openSqliteLiveBreachStore } from '../../../src/breach/live/sqlite-live-breach-store-node.js'
import {
  createD1LiveBreachStore,
  type D1LiveDatabase,
} from '../../../src/breach/live/d1-live-breach-store.js'

/** Records every statement the Worker store prepares, running it on SQLite. */
function recordingD1(db: Database.Database, statements: string[]): D1LiveDatabase {
  return {
    prepare: (sql) => {
      statements.push(sql.replace(/\s+/g, ' ').trim())
      const statement = db.prepare(sql)
      return {
        bind: (...values) => ({
          all: async <T>() => ({
            results: (statement.reader ? statement.all(...values) : []) as T[],
          }),
          run: async () => statement.run(...values),
        }),
      }
    },
  }
}

const flat = (sql: string) => sql.replace(/\s+/g, ' ').trim()

it('the Node and Worker live stores create and use live_digests as one module defines it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pwguard-live-schema-'))
  try {
    const file = join(dir, 'corpus.live.sqlite')
    const node = openSqliteLiveBreachStore(file)
    await node.add([{ sha1: '7A1B2' + 'C'.repeat(35) }], 1)
    node.close()
    const created = new Database(file)
      .prepare("SELECT sql FROM sqlite_master WHERE name = 'live_digests'")
      .get() as { sql: string }
    expect(flat(created.sql)).toBe(flat(LIVE_DIGESTS_SCHEMA.replace(' IF NOT EXISTS', '')))

    const statements: string[] = []
    const worker = createD1LiveBreachStore(recordingD1(new Database(':memory:'), statements))
    await worker.add([{ sha1: '7A1B2' + 'D'.repeat(35) }], 1)
    await worker.read('sha1', '7A1B2')
    expect(statements).toContain(flat(LIVE_DIGESTS_SCHEMA))
    expect(statements).toContain(flat(LIVE_DIGESTS_SQL.upsert))
    expect(statements).toContain(flat(LIVE_DIGESTS_SQL.range))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

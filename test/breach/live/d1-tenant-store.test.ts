import Database from 'better-sqlite3'
import { expect, it } from 'vitest'
import {
  createD1LiveBreachStore,
  type D1LiveDatabase,
} from '../../../src/breach/live/d1-live-breach-store.js'

/** The D1 binding's slice over better-sqlite3: the same SQL the Worker runs, checked in Node. */
function sqliteAsD1(): D1LiveDatabase {
  const db = new Database(':memory:')
  return {
    prepare: (sql) => ({
      bind: (...values) => ({
        all: async <T>() => {
          const statement = db.prepare(sql)
          return {
            results: (statement.reader
              ? statement.all(...values)
              : (statement.run(...values), [])) as T[],
          }
        },
        run: async () => db.prepare(sql).run(...values),
      }),
    }),
  }
}

it("the Worker store keeps a tenant's additions to that tenant, within its quota, out of /range", async () => {
  const store = createD1LiveBreachStore(sqliteAsD1())
  const mine = '7A1B2' + 'C'.repeat(35)
  const more = '7A1B2' + 'D'.repeat(35)
  expect(await store.addForTenant('site-a', [{ sha1: mine }, { sha1: more }], 4, 1)).toEqual({
    added: 1,
    refused: 1,
    size: 1,
  })
  expect(await store.addForTenant('site-a', [{ sha1: mine.toLowerCase() }], 5, 1)).toMatchObject({
    refused: 0,
    added: 0,
  })
  expect(await store.tenantCount('site-a', 'sha1', mine)).toBe(2)
  expect(await store.tenantCount('site-b', 'sha1', mine)).toBe(0)
  expect(await store.tenantSize('site-a')).toBe(1)
  expect(await store.read('sha1', '7A1B2')).toEqual([])
  const seen: string[] = []
  await store.since(0, (digest) => seen.push(digest.hex))
  expect(seen).toEqual([])
})

import type { LiveBreachStore, LiveDigest } from './live-breach-store.js'
import { admitForTenant, entryDigests } from './live-breach-store.js'
import { LIVE_DIGESTS_SCHEMA, LIVE_DIGESTS_SQL } from './live-digests-schema.js'
import { TENANT_SCHEMA, TENANT_SQL } from './tenant-live-schema.js'
import type { HashMode, RangeEntry } from '../range-reader.js'

/** The slice of a D1 binding this store uses (`env.LIVE_DB`, a database of its own). */
export interface D1LiveDatabase {
  prepare(sql: string): {
    bind(...values: unknown[]): {
      all<T>(): Promise<{ results: T[] }>
      run(): Promise<unknown>
    }
  }
}

type LiveRow = { mode: HashMode; digest: string }
type LoggedRow = LiveRow & { id: number }

// D1 caps a bound string at 2 MB; 10,000 digests are ~500 KB of JSON.
const DIGESTS_PER_STATEMENT = 10_000

/**
 * Live additions on Workers: a D1 database separate from the `DB` one, because the main
 * database must never hold a fast unsalted password digest. Every isolate reads and writes the
 * same rows, so a password one isolate learns from an incident is refused by all of them after
 * their next refresh (at most one indexed SELECT per isolate per second). The table is created
 * on first use. `preload` before building the app makes the first replay synchronous, so a
 * fresh isolate never answers before it knows every addition.
 */
export function createD1LiveBreachStore(
  d1: D1LiveDatabase,
): LiveBreachStore & { preload(): Promise<void> } {
  let ready: Promise<unknown> | null = null
  let preloaded: LoggedRow[] | null = null
  const query = async <T>(sql: string, ...values: unknown[]) => {
    ready ??= [LIVE_DIGESTS_SCHEMA, ...TENANT_SCHEMA]
      .reduce<Promise<unknown>>(
        (previous, statement) => previous.then(() => d1.prepare(statement).bind().run()),
        Promise.resolve(),
      )
      .catch((error: unknown) => {
        ready = null
        throw error
      })
    await ready
    return (
      await d1
        .prepare(sql)
        .bind(...values)
        .all<T>()
    ).results
  }
  return {
    async add(entries, now) {
      const digests = entries.flatMap(entryDigests).map((digest) => [digest.mode, digest.hex])
      const fresh: LiveDigest[] = []
      for (let at = 0; at < digests.length; at += DIGESTS_PER_STATEMENT) {
        const chunk = JSON.stringify(digests.slice(at, at + DIGESTS_PER_STATEMENT))
        const rows = await query<LiveRow & { count: number }>(LIVE_DIGESTS_SQL.upsert, now, chunk)
        for (const row of rows) if (row.count === 1) fresh.push({ mode: row.mode, hex: row.digest })
      }
      return fresh
    },
    read: (mode, prefix) => query<RangeEntry>(LIVE_DIGESTS_SQL.range, mode, prefix, `${prefix}G`),
    since(cursor, visit) {
      const replay = (rows: LoggedRow[]) => {
        let last = cursor
        for (const row of rows) {
          visit({ mode: row.mode, hex: row.digest })
          last = row.id
        }
        return last
      }
      if (preloaded && cursor === 0) {
        const rows = preloaded
        preloaded = null
        return replay(rows)
      }
      return query<LoggedRow>(LIVE_DIGESTS_SQL.after, cursor).then(replay)
    },
    // Not atomic on D1 (no interactive transactions): two concurrent ingests of one tenant can
    // overshoot its quota by at most one batch each.
    async addForTenant(tenantId, entries, now, limit) {
      const size = async () =>
        (await query<{ size: number }>(TENANT_SQL.size, tenantId))[0]?.size ?? 0
      const held = new Set<string>()
      for (let at = 0; at < entries.length; at += DIGESTS_PER_STATEMENT) {
        const chunk = entries.slice(at, at + DIGESTS_PER_STATEMENT).map((e) => e.sha1.toUpperCase())
        const rows = await query<{ digest: string }>(
          TENANT_SQL.held,
          tenantId,
          JSON.stringify(chunk),
        )
        for (const row of rows) held.add(row.digest)
      }
      const before = await size()
      const { admitted, added, refused } = admitForTenant(entries, held, limit - before)
      const digests = admitted.flatMap(entryDigests).map((digest) => [digest.mode, digest.hex])
      for (let at = 0; at < digests.length; at += DIGESTS_PER_STATEMENT) {
        const chunk = JSON.stringify(digests.slice(at, at + DIGESTS_PER_STATEMENT))
        await query(TENANT_SQL.upsert, tenantId, now, chunk)
      }
      if (added > 0) await query(TENANT_SQL.grow, tenantId, added)
      return { added, refused, size: before + added }
    },
    async tenantCount(tenantId, mode, hex) {
      const rows = await query<{ count: number }>(
        TENANT_SQL.count,
        tenantId,
        mode,
        hex.toUpperCase(),
      )
      return rows[0]?.count ?? 0
    },
    async tenantSize(tenantId) {
      return (await query<{ size: number }>(TENANT_SQL.size, tenantId))[0]?.size ?? 0
    },
    async preload() {
      preloaded = await query<LoggedRow>(LIVE_DIGESTS_SQL.after, 0)
    },
  }
}

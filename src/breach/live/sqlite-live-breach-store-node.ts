import Database from 'better-sqlite3'
import { basename, dirname, join, resolve } from 'node:path'
import type { HashMode, RangeEntry } from '../range-reader.js'
import type { LiveBreachEntry } from './live-breach-store.js'
import { admitForTenant, entryDigests, type LiveBreachStore } from './live-breach-store.js'
import { LIVE_DIGESTS_SCHEMA, LIVE_DIGESTS_SQL } from './live-digests-schema.js'
import { TENANT_SCHEMA, TENANT_SQL } from './tenant-live-schema.js'

/**
 * Where the live additions of a corpus folder live: a sibling SQLite file
 * (`data/corpus` → `data/corpus.live.sqlite`). Not inside the folder, because a corpus rebuild
 * replaces the folder wholesale and must not wipe what incidents added; not in `pwguard.db`,
 * because that database must never hold a fast unsalted password digest.
 */
export function liveBreachFile(corpusDir: string): string {
  const dir = resolve(corpusDir)
  return join(dirname(dir), `${basename(dir)}.live.sqlite`)
}

type LiveRow = { mode: HashMode; digest: string; count?: number }

/**
 * The Node live store: one better-sqlite3 file shared by the server and the CLI (WAL, so the
 * server reads while `pwguard incident ingest` writes). Ranges are read by an index range scan
 * on (mode, digest); nothing but the digests and their counts is stored.
 */
export function openSqliteLiveBreachStore(file: string): LiveBreachStore & { close(): void } {
  const sqlite = new Database(file)
  sqlite.pragma('journal_mode = WAL')
  // As for pwguard.db: a crash can lose the last commits, never corrupt; re-ingest restores them.
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('busy_timeout = 5000')
  // 64 MiB ceiling, as for pwguard.db (sqlite-driver-node.ts): an ingest batch upserts
  // thousands of random digests, which the 2 MiB default spilled and read back mid-transaction.
  sqlite.pragma('cache_size = -65536')
  sqlite.exec(LIVE_DIGESTS_SCHEMA)
  for (const statement of TENANT_SCHEMA) sqlite.exec(statement)
  const tenant = tenantStatements(sqlite)
  const upsert = sqlite.prepare(LIVE_DIGESTS_SQL.upsert)
  const range = sqlite.prepare(LIVE_DIGESTS_SQL.range)
  const after = sqlite.prepare(LIVE_DIGESTS_SQL.after)
  return {
    async add(entries, now) {
      const digests = entries.flatMap(entryDigests).map((digest) => [digest.mode, digest.hex])
      if (digests.length === 0) return []
      const rows = upsert.all(now, JSON.stringify(digests)) as (LiveRow & { count: number })[]
      return rows
        .filter((row) => row.count === 1)
        .map((row) => ({ mode: row.mode, hex: row.digest }))
    },
    async read(mode, prefix) {
      return range.all(mode, prefix, `${prefix}G`) as RangeEntry[]
    },
    since(cursor, visit) {
      let last = cursor
      for (const row of after.iterate(cursor) as Iterable<LiveRow & { id: number }>) {
        visit({ mode: row.mode, hex: row.digest })
        last = row.id
      }
      return last
    },
    async addForTenant(tenantId, entries, now, limit) {
      return tenant.add(tenantId, entries, now, limit)
    },
    async tenantCount(tenantId, mode, hex) {
      const row = tenant.count.get(tenantId, mode, hex.toUpperCase()) as
        { count: number } | undefined
      return row?.count ?? 0
    },
    async tenantSize(tenantId) {
      return tenant.size(tenantId)
    },
    close: () => sqlite.close(),
  }
}

/** The tenant table's statements; one addition is one transaction, so the quota holds. */
function tenantStatements(sqlite: Database.Database) {
  const held = sqlite.prepare(TENANT_SQL.held)
  const upsert = sqlite.prepare(TENANT_SQL.upsert)
  const upsertReturning = sqlite.prepare(`${TENANT_SQL.upsert} RETURNING mode, count`)
  const sizeOf = sqlite.prepare(TENANT_SQL.size)
  const grow = sqlite.prepare(TENANT_SQL.grow)
  const size = (tenantId: string) =>
    (sizeOf.get(tenantId) as { size: number } | undefined)?.size ?? 0
  const add = sqlite.transaction(
    (tenantId: string, entries: readonly LiveBreachEntry[], now: number, limit: number) => {
      const before = size(tenantId)
      // Room for all of them (the usual case): one upsert, its RETURNING says which were new.
      if (before + entries.length <= limit) {
        const digests = sortedDigests(entries)
        const rows = upsertReturning.all(tenantId, now, JSON.stringify(digests)) as LiveRow[]
        const added = rows.filter((row) => row.mode === 'sha1' && row.count === 1).length
        if (added > 0) grow.run(tenantId, added)
        return { added, refused: 0, size: before + added }
      }
      const sha1s = JSON.stringify(entries.map((entry) => entry.sha1.toUpperCase()))
      const known = new Set(
        (held.all(tenantId, sha1s) as { digest: string }[]).map((row) => row.digest),
      )
      const { admitted, added, refused } = admitForTenant(entries, known, limit - before)
      const digests = sortedDigests(admitted)
      if (digests.length > 0) upsert.run(tenantId, now, JSON.stringify(digests))
      if (added > 0) grow.run(tenantId, added)
      return { added, refused, size: before + added }
    },
  )
  return {
    add,
    size,
    count: sqlite.prepare(TENANT_SQL.count),
  }
}

/**
 * `[mode, hex]` pairs in key order: the upsert then walks the primary key's pages in order
 * instead of jumping between random digests (about 10 % less CPU per batch).
 */
function sortedDigests(entries: readonly LiveBreachEntry[]): [HashMode, string][] {
  const digests = entries.flatMap(entryDigests)
  // Per mode, in the key's mode order; a plain string sort is several times cheaper than a
  // comparator over pairs.
  return (['ntlm', 'sha1'] as const).flatMap((mode) =>
    digests
      .filter((d) => d.mode === mode)
      .map((d) => d.hex)
      .sort()
      .map((hex): [HashMode, string] => [mode, hex]),
  )
}

import Database from 'better-sqlite3'
import { basename, dirname, join, resolve } from 'node:path'
import type { HashMode, RangeEntry } from '../range-reader.js'
import { entryDigests, type LiveBreachStore, type LiveDigest } from './live-breach-store.js'

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

const SCHEMA = `CREATE TABLE IF NOT EXISTS live_digests (
  id INTEGER PRIMARY KEY,
  mode TEXT NOT NULL,
  digest TEXT NOT NULL,
  count INTEGER NOT NULL,
  added_at INTEGER NOT NULL,
  UNIQUE (mode, digest)
)`

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
  sqlite.exec(SCHEMA)
  const insert = sqlite.prepare(
    'INSERT OR IGNORE INTO live_digests (mode, digest, count, added_at) VALUES (?, ?, 1, ?)',
  )
  const bump = sqlite.prepare(
    'UPDATE live_digests SET count = count + 1 WHERE mode = ? AND digest = ?',
  )
  // Hex digits sort below 'G', so [prefix, prefix + 'G') is exactly the prefix's digests.
  const range = sqlite.prepare(
    'SELECT substr(digest, 6) AS suffix, count FROM live_digests WHERE mode = ? AND digest >= ? AND digest < ? ORDER BY digest',
  )
  const after = sqlite.prepare('SELECT id, mode, digest FROM live_digests WHERE id > ? ORDER BY id')
  const addAll = sqlite.transaction((digests: LiveDigest[], now: number) => {
    const fresh: LiveDigest[] = []
    for (const digest of digests) {
      if (insert.run(digest.mode, digest.hex, now).changes === 1) fresh.push(digest)
      else bump.run(digest.mode, digest.hex)
    }
    return fresh
  })
  return {
    async add(entries, now) {
      return addAll(entries.flatMap(entryDigests), now)
    },
    async read(mode, prefix) {
      return range.all(mode, prefix, `${prefix}G`) as RangeEntry[]
    },
    since(cursor, visit) {
      let last = cursor
      for (const row of after.iterate(cursor) as Iterable<{
        id: number
        mode: HashMode
        digest: string
      }>) {
        visit({ mode: row.mode, hex: row.digest })
        last = row.id
      }
      return last
    },
    close: () => sqlite.close(),
  }
}

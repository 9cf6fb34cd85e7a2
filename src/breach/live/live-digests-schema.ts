/**
 * The shared live additions (`live_digests`): the operator's breached passwords added since the
 * corpus was built, one row per digest. Defined here once for both adapters (a SQLite file on
 * Node, the LIVE_DB database on Workers). Not in the drizzle migrations: the live store is a
 * database of its own, because the main one must never hold a fast unsalted password digest;
 * each adapter creates the table on open. The tenants' tables sit in `tenant-live-schema.ts`.
 */
export const LIVE_DIGESTS_SCHEMA = `CREATE TABLE IF NOT EXISTS live_digests (
  id INTEGER PRIMARY KEY,
  mode TEXT NOT NULL,
  digest TEXT NOT NULL,
  count INTEGER NOT NULL,
  added_at INTEGER NOT NULL,
  UNIQUE (mode, digest)
)`

/** The shared-table statements both adapters run. */
export const LIVE_DIGESTS_SQL = {
  // One statement per batch: the digests travel as one JSON parameter. A row returned with
  // count 1 was just inserted; a higher count is one more sighting of a known digest.
  upsert: `INSERT INTO live_digests (mode, digest, count, added_at)
    SELECT value ->> 0, value ->> 1, 1, ? FROM json_each(?) WHERE true
    ON CONFLICT (mode, digest) DO UPDATE SET count = count + 1
    RETURNING mode, digest, count`,
  // Hex digits sort below 'G', so [prefix, prefix + 'G') is exactly the prefix's digests.
  range:
    'SELECT substr(digest, 6) AS suffix, count FROM live_digests WHERE mode = ? AND digest >= ? AND digest < ? ORDER BY digest',
  after: 'SELECT id, mode, digest FROM live_digests WHERE id > ? ORDER BY id',
}

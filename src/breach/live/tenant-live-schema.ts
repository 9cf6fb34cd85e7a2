/**
 * Tenants' own live additions (so one tenant's incident lists never refuse another tenant's users), beside the shared `live_digests` table in
 * the same live store (a SQLite file on Node, the LIVE_DB database on Workers; never the main
 * database). A tenant's incident lists land here and count only for that tenant; the shared
 * table takes only the operator's additions. `tenant_live_sizes` keeps each tenant's password
 * count, so the quota check is one point read, not a count over a million rows. Nothing is
 * preloaded from these tables: a tenant's check reads its row by primary key.
 */
export const TENANT_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS tenant_live_digests (
  tenant_id TEXT NOT NULL,
  mode TEXT NOT NULL,
  digest TEXT NOT NULL,
  count INTEGER NOT NULL,
  added_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, mode, digest)
) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS tenant_live_sizes (
  tenant_id TEXT PRIMARY KEY,
  size INTEGER NOT NULL
)`,
]

/** Default cap on one tenant's own additions, in distinct passwords (PWGUARD_TENANT_CORPUS_QUOTA). */
export const DEFAULT_TENANT_CORPUS_QUOTA = 1_000_000

/** The tenant-table statements both adapters run (D1 binds them one by one, not atomically). */
export const TENANT_SQL = {
  held: `SELECT digest FROM tenant_live_digests WHERE tenant_id = ?
    AND mode = 'sha1' AND digest IN (SELECT value FROM json_each(?))`,
  upsert: `INSERT INTO tenant_live_digests (tenant_id, mode, digest, count, added_at)
    SELECT ?, value ->> 0, value ->> 1, 1, ? FROM json_each(?) WHERE true
    ON CONFLICT (tenant_id, mode, digest) DO UPDATE SET count = count + 1`,
  size: 'SELECT size FROM tenant_live_sizes WHERE tenant_id = ?',
  grow: `INSERT INTO tenant_live_sizes (tenant_id, size) VALUES (?, ?)
    ON CONFLICT (tenant_id) DO UPDATE SET size = size + excluded.size`,
  count: 'SELECT count FROM tenant_live_digests WHERE tenant_id = ? AND mode = ? AND digest = ?',
}

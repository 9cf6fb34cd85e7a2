/**
 * The live store's tables on PostgreSQL, created by the adapter on open like the SQLite ones
 * (live-digests-schema.ts, tenant-live-schema.ts), in a database of its own
 * (PWGUARD_LIVE_DATABASE_URL): never the main database, which must not hold a fast unsalted
 * password digest. Digests compare byte-wise (COLLATE "C"), so the `[prefix, prefix || 'G')`
 * range scan and ORDER BY match the SQLite adapter whatever the server's locale.
 */
export const PG_LIVE_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS live_digests (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  mode text NOT NULL,
  digest text COLLATE "C" NOT NULL,
  count integer NOT NULL,
  added_at bigint NOT NULL,
  UNIQUE (mode, digest)
)`,
  `CREATE TABLE IF NOT EXISTS tenant_live_digests (
  tenant_id text NOT NULL,
  mode text NOT NULL,
  digest text COLLATE "C" NOT NULL,
  count integer NOT NULL,
  added_at bigint NOT NULL,
  PRIMARY KEY (tenant_id, mode, digest)
)`,
  `CREATE TABLE IF NOT EXISTS tenant_live_sizes (
  tenant_id text PRIMARY KEY,
  size integer NOT NULL
)`,
]

/** The channel every instance LISTENs on; the payload is empty (shared) or a tenant id. */
export const LIVE_CHANNEL = 'pwguard_live'

/**
 * Serialises shared additions (a transaction-scoped advisory lock), so ids become visible in
 * commit order: a reader replaying `id > cursor` can then never pass over a row that a slower
 * transaction commits later with a smaller id. Also taken around CREATE TABLE on open.
 */
export const LIVE_LOCK = 0x70776c76 // 'pwlv'

/**
 * Digests travel as two text arrays (no 65,535-parameter limit). Duplicates within one call
 * are grouped first (PostgreSQL refuses to update a row twice in one statement) and count one
 * sighting each, as on SQLite; `xmax = 0` marks the rows this statement inserted.
 */
export const PG_LIVE_SQL = {
  upsert: `INSERT INTO live_digests (mode, digest, count, added_at)
    SELECT m, d, count(*)::int, $1 FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS t(m, d, o)
    GROUP BY m, d ORDER BY min(o)
    ON CONFLICT (mode, digest) DO UPDATE SET count = live_digests.count + excluded.count
    RETURNING mode, digest, (xmax = 0) AS inserted`,
  range: `SELECT substr(digest, 6) AS suffix, count FROM live_digests
    WHERE mode = $1 AND digest >= $2 AND digest < $3 ORDER BY digest`,
  after: 'SELECT id::float8 AS id, mode, digest FROM live_digests WHERE id > $1 ORDER BY id',
  tenantUpsert: `INSERT INTO tenant_live_digests (tenant_id, mode, digest, count, added_at)
    SELECT $1, m, d, count(*)::int, $2 FROM unnest($3::text[], $4::text[]) AS t(m, d)
    GROUP BY m, d ORDER BY m, d
    ON CONFLICT (tenant_id, mode, digest)
    DO UPDATE SET count = tenant_live_digests.count + excluded.count
    RETURNING mode, (xmax = 0) AS inserted`,
  tenantHeld: `SELECT digest FROM tenant_live_digests
    WHERE tenant_id = $1 AND mode = 'sha1' AND digest = ANY($2::text[])`,
  // The size row is the tenant's lock: concurrent additions of one tenant queue on it.
  tenantLock: `INSERT INTO tenant_live_sizes (tenant_id, size) VALUES ($1, 0)
    ON CONFLICT (tenant_id) DO UPDATE SET size = tenant_live_sizes.size RETURNING size`,
  tenantGrow: 'UPDATE tenant_live_sizes SET size = size + $2 WHERE tenant_id = $1',
  tenantSize: 'SELECT size FROM tenant_live_sizes WHERE tenant_id = $1',
  tenantCount: `SELECT count FROM tenant_live_digests
    WHERE tenant_id = $1 AND mode = $2 AND digest = $3`,
}

import pg from 'pg'
import type { HashMode, RangeEntry } from '../range-reader.js'
import {
  admitForTenant,
  entryDigests,
  type LiveBreachEntry,
  type LiveBreachStore,
  type LiveDigest,
} from './live-breach-store.js'
import { LIVE_CHANNEL, LIVE_LOCK, PG_LIVE_SCHEMA, PG_LIVE_SQL } from './pg-live-schema.js'
import { createPgLiveWatch } from './pg-live-watch-node.js'

export interface PgLiveBreachOptions {
  /** The live store's own database (PWGUARD_LIVE_DATABASE_URL), never the main one. */
  url: string
  /** Connections for reads and additions (default 2: a range read is one indexed SELECT). */
  poolSize?: number
  /** Safety-net poll period when no NOTIFY arrives (default 5 s). */
  pollMs?: number
  /** First reconnect delay of the LISTEN connection (default 100 ms). */
  reconnectMs?: number
}

// Large ingests go in slices, each one statement, all in one transaction.
const DIGESTS_PER_STATEMENT = 50_000

/** Two parallel text arrays, as `unnest($modes, $hexes)` reads them. */
function columns(digests: readonly LiveDigest[]): [string[], string[]] {
  return [digests.map((digest) => digest.mode), digests.map((digest) => digest.hex)]
}

/**
 * The live store for a fleet on PostgreSQL: every instance reads and writes the same rows, and
 * an addition reaches the others by NOTIFY (measured in test/breach/live/pg-live-propagation
 * .test.ts), with a replay after every reconnect and a slow poll behind it.
 */
export async function openPgLiveBreachStore(
  options: PgLiveBreachOptions,
): Promise<LiveBreachStore & { close(): Promise<void> }> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 2,
    application_name: 'pwguard-live',
  })
  // An idle client losing its server (failover, restart) must not crash the process.
  pool.on('error', () => {})
  const transaction = async <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect()
    try {
      await client.query('BEGIN')
      const result = await work(client)
      await client.query('COMMIT')
      return result
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {})
      throw error
    } finally {
      client.release()
    }
  }
  try {
    // Instances starting together would race CREATE TABLE IF NOT EXISTS (a duplicate pg_type).
    await transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [LIVE_LOCK])
      for (const statement of PG_LIVE_SCHEMA) await client.query(statement)
    })
  } catch (error) {
    await pool.end()
    throw error
  }
  const watcher = createPgLiveWatch({
    url: options.url,
    pollMs: options.pollMs ?? 5_000,
    reconnectMs: options.reconnectMs ?? 100,
  })
  const upsertTenant = async (
    client: pg.PoolClient,
    tenantId: string,
    entries: readonly LiveBreachEntry[],
    now: number,
  ) => {
    const [modes, hexes] = columns(entries.flatMap(entryDigests))
    const { rows } = await client.query<{ mode: HashMode; inserted: boolean }>(
      PG_LIVE_SQL.tenantUpsert,
      [tenantId, now, modes, hexes],
    )
    return rows.filter((row) => row.mode === 'sha1' && row.inserted).length
  }
  return {
    async add(entries, now) {
      const digests = entries.flatMap(entryDigests)
      if (digests.length === 0) return []
      return transaction(async (client) => {
        // Ids then commit in order: see LIVE_LOCK.
        await client.query('SELECT pg_advisory_xact_lock($1)', [LIVE_LOCK])
        const fresh: LiveDigest[] = []
        for (let at = 0; at < digests.length; at += DIGESTS_PER_STATEMENT) {
          const [modes, hexes] = columns(digests.slice(at, at + DIGESTS_PER_STATEMENT))
          const { rows } = await client.query<{
            mode: HashMode
            digest: string
            inserted: boolean
          }>(PG_LIVE_SQL.upsert, [now, modes, hexes])
          for (const row of rows) if (row.inserted) fresh.push({ mode: row.mode, hex: row.digest })
        }
        // Delivered to every listener when (and only if) this transaction commits.
        if (fresh.length > 0) await client.query('SELECT pg_notify($1, $2)', [LIVE_CHANNEL, ''])
        return fresh
      })
    },
    async read(mode, prefix) {
      const { rows } = await pool.query<RangeEntry>(PG_LIVE_SQL.range, [mode, prefix, `${prefix}G`])
      return rows
    },
    async since(cursor, visit) {
      const { rows } = await pool.query<{ id: number; mode: HashMode; digest: string }>(
        PG_LIVE_SQL.after,
        [cursor],
      )
      let last = cursor
      for (const row of rows) {
        visit({ mode: row.mode, hex: row.digest })
        last = row.id
      }
      return last
    },
    watch: (onChange) => watcher.watch(onChange),
    async addForTenant(tenantId, entries, now, limit) {
      return transaction(async (client) => {
        // The tenant's size row, locked until commit: its additions queue, so the quota holds.
        const locked = await client.query<{ size: number }>(PG_LIVE_SQL.tenantLock, [tenantId])
        const before = locked.rows[0]?.size ?? 0
        let added: number
        let refused = 0
        if (before + entries.length <= limit) {
          added = await upsertTenant(client, tenantId, entries, now)
        } else {
          const sha1s = entries.map((entry) => entry.sha1.toUpperCase())
          const held = await client.query<{ digest: string }>(PG_LIVE_SQL.tenantHeld, [
            tenantId,
            sha1s,
          ])
          const known = new Set(held.rows.map((row) => row.digest))
          const admission = admitForTenant(entries, known, limit - before)
          refused = admission.refused
          added = admission.added
          if (admission.admitted.length > 0) {
            await upsertTenant(client, tenantId, admission.admitted, now)
          }
        }
        if (added > 0) {
          await client.query(PG_LIVE_SQL.tenantGrow, [tenantId, added])
          await client.query('SELECT pg_notify($1, $2)', [LIVE_CHANNEL, tenantId])
        }
        return { added, refused, size: before + added }
      })
    },
    async tenantCount(tenantId, mode, hex) {
      const { rows } = await pool.query<{ count: number }>(PG_LIVE_SQL.tenantCount, [
        tenantId,
        mode,
        hex.toUpperCase(),
      ])
      return rows[0]?.count ?? 0
    },
    async tenantSize(tenantId) {
      const { rows } = await pool.query<{ size: number }>(PG_LIVE_SQL.tenantSize, [tenantId])
      return rows[0]?.size ?? 0
    },
    async close() {
      watcher.close()
      await pool.end()
    },
  }
}

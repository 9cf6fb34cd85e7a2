import type { PoolStats } from './fleet-ports.js'

/** The counters a node-postgres `Pool` exposes (structural, so meta imports no driver). */
export interface CountingPool {
  readonly totalCount: number
  readonly idleCount: number
  readonly waitingCount: number
}

/** Reads a node-postgres pool's occupancy for `pwguard_db_pool_connections`. */
export function pgPoolStats(pool: CountingPool): () => PoolStats {
  return () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount })
}

import { Counter, Gauge, type Registry } from 'prom-client'
import type { PoolStats } from './fleet-ports.js'

/** State owned by other adapters, read when Prometheus scrapes (never on the request path). */
export interface PromMetricsSources {
  /** The bounded argon2 hasher's counters (running, waiting, refused since start). */
  hasherStats?: () => { running: number; queued: number; rejected: number }
  /** Webhook events neither delivered nor given up: one cheap count query per scrape. */
  outboxBacklog?: () => Promise<number>
  /** The database pool (PostgreSQL); absent on SQLite, which has one connection and no pool. */
  poolStats?: () => PoolStats
}

/** The gauges and counters that are read from a source at scrape time. */
export function registerSourceMetrics(registry: Registry, sources: PromMetricsSources): void {
  const { hasherStats, outboxBacklog, poolStats } = sources
  if (hasherStats) registerHasherMetrics(registry, hasherStats)
  if (outboxBacklog) {
    new Gauge({
      name: 'pwguard_webhook_outbox_backlog',
      help: 'Webhook events waiting for delivery (not delivered, not given up).',
      registers: [registry],
      async collect() {
        // A database that does not answer leaves the last value; /ready reports the outage.
        const pending = await outboxBacklog().catch(() => null)
        if (pending !== null) this.set(pending)
      },
    })
  }
  if (poolStats) {
    new Gauge({
      name: 'pwguard_db_pool_connections',
      help: 'Database pool connections: total open, idle, and requests waiting for one.',
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        const { total, idle, waiting } = poolStats()
        this.set({ state: 'total' }, total)
        this.set({ state: 'idle' }, idle)
        this.set({ state: 'waiting' }, waiting)
      },
    })
  }
}

function registerHasherMetrics(
  registry: Registry,
  stats: NonNullable<PromMetricsSources['hasherStats']>,
) {
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read())
      },
    })
  gauge('pwguard_argon2_running', 'argon2 hashes running now.', () => stats().running)
  gauge('pwguard_argon2_queue_depth', 'argon2 hashes waiting for a thread.', () => stats().queued)
  let counted = 0
  new Counter({
    name: 'pwguard_argon2_shed_total',
    help: 'Requests refused (503 overloaded) because the argon2 queue was full.',
    registers: [registry],
    collect() {
      const rejected = stats().rejected
      if (rejected > counted) this.inc(rejected - counted)
      counted = rejected
    },
  })
}

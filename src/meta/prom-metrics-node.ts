import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'
import type { AppMetrics } from './fleet-ports.js'

export interface PromMetricsSources {
  /** The bounded argon2 hasher's counters (running, waiting, refused since start). */
  hasherStats?: () => { running: number; queued: number; rejected: number }
}

/**
 * Prometheus metrics with prom-client, one registry per app (tests build several apps in one
 * process, and the global registry would refuse the second set of names).
 */
export function createPromMetrics(token: string, sources: PromMetricsSources = {}): AppMetrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'pwguard_' })
  const labelNames = ['method', 'route', 'status'] as const
  const requests = new Counter({
    name: 'pwguard_http_requests_total',
    help: 'HTTP requests answered, by route pattern (GET /range on Node is served before the app and not counted).',
    labelNames,
    registers: [registry],
  })
  const latency = new Histogram({
    name: 'pwguard_http_request_duration_seconds',
    help: 'Time to answer, by route pattern.',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  })
  const { hasherStats } = sources
  if (hasherStats) registerHasherMetrics(registry, hasherStats)
  return {
    token,
    observeRequest({ method, route, status, seconds }) {
      const labels = { method, route, status: String(status) }
      requests.inc(labels)
      latency.observe(labels, seconds)
    },
    render: async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
  }
}

function registerHasherMetrics(
  registry: Registry,
  stats: NonNullable<PromMetricsSources['hasherStats']>,
) {
  new Gauge({
    name: 'pwguard_argon2_running',
    help: 'argon2 hashes running now.',
    registers: [registry],
    collect() {
      this.set(stats().running)
    },
  })
  new Gauge({
    name: 'pwguard_argon2_queue_depth',
    help: 'argon2 hashes waiting for a thread.',
    registers: [registry],
    collect() {
      this.set(stats().queued)
    },
  })
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

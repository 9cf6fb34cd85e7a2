import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client'
import type { AppMetrics } from './fleet-ports.js'
import { registerSourceMetrics, type PromMetricsSources } from './prom-source-metrics-node.js'

export type { PromMetricsSources } from './prom-source-metrics-node.js'

/**
 * Prometheus metrics with prom-client, one registry per app (tests build several apps in one
 * process, and the global registry would refuse the second set of names).
 */
export function createPromMetrics(token: string, sources: PromMetricsSources = {}): AppMetrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'pwguard_' })
  const registers = [registry]
  const labelNames = ['method', 'route', 'status'] as const
  const requests = new Counter({
    name: 'pwguard_http_requests_total',
    help: 'HTTP requests answered, by route pattern (GET /range is served before the request metrics and not counted here; see pwguard_range_cache_lookups_total).',
    labelNames,
    registers,
  })
  const latency = new Histogram({
    name: 'pwguard_http_request_duration_seconds',
    help: 'Time to answer, by route pattern.',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  })
  const logins = new Counter({
    name: 'pwguard_login_outcomes_total',
    help: 'POST /v1/login answers: ok, wrong (unknown account or wrong password), throttled, must_reset, shed (argon2 queue full), unavailable.',
    labelNames: ['outcome'] as const,
    registers,
  })
  const blocks = new Counter({
    name: 'pwguard_throttle_blocks_total',
    help: 'Requests answered 429, by route pattern and problem code (throttled, verify_budget_exhausted).',
    labelNames: ['route', 'code'] as const,
    registers,
  })
  const rangeCache = new Counter({
    name: 'pwguard_range_cache_lookups_total',
    help: '/range bodies by source: hit or miss in the formatted body cache, or mapped (sent from the memory-mapped body file, no lookup); both the app route and the Node fast path.',
    labelNames: ['result'] as const,
    registers,
  })
  registerSourceMetrics(registry, sources)
  return {
    token,
    observeRequest({ method, route, status, seconds }) {
      const labels = { method, route, status: String(status) }
      requests.inc(labels)
      latency.observe(labels, seconds)
    },
    loginOutcome: (outcome) => logins.inc({ outcome }),
    throttleBlock: (route, code) => blocks.inc({ route, code }),
    rangeCacheLookup: (result) => rangeCache.inc({ result }),
    render: async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
  }
}

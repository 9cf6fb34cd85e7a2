import type { AppDeps } from '../app/deps.js'
import { deriveAuditChainKey } from '../audit/audit-chain-key.js'
import type { NodeConfig } from '../config/config.js'
import type { PromMetricsSources } from '../meta/prom-source-metrics-node.js'
import { createPromMetrics } from '../meta/prom-metrics-node.js'
import type { StorePortOptions, StorePorts } from '../store/ports/store-ports.js'
import type { buildNodeRuntime } from './node-runtime-deps.js'
import { outboxBacklog } from './outbox-backlog.js'

/**
 * A Node instance's app deps once its database is open, whichever it is (SQLite file or
 * PostgreSQL): the runtime's adapters, the store ports linked to the audit chain key derived
 * from the secret, and the request metrics when PWGUARD_METRICS_TOKEN is set (`poolStats` from
 * a database with a pool).
 */
export function nodeAppDeps(
  runtime: Awaited<ReturnType<typeof buildNodeRuntime>>,
  config: Pick<NodeConfig, 'metricsToken'>,
  openStores: (options: StorePortOptions) => StorePorts,
  sources: Pick<PromMetricsSources, 'poolStats'> = {},
): AppDeps {
  const stores = openStores({ auditKey: deriveAuditChainKey(runtime.deps.settings.secret) })
  return {
    ...runtime.deps,
    stores,
    ...(config.metricsToken && {
      metrics: createPromMetrics(config.metricsToken, {
        hasherStats: () => runtime.hasher.stats(),
        outboxBacklog: outboxBacklog(stores.consoleQueries),
        ...sources,
      }),
    }),
  }
}

import type { AppSettings } from '../../app/deps.js'
import type { Clock } from '../../ports/clock.js'
import type { BreachFilter, RangeReader } from '../range-reader.js'
import type { LiveBreachStore } from './live-breach-store.js'
import { createLiveCorpus, type LiveCorpus } from './live-corpus.js'

/**
 * The live corpus as a deployment serves it, for every entry (Node SQLite, Node PostgreSQL,
 * Workers): on the app's clock, with each tenant's additions held to `tenantCorpusQuota`. One
 * function, so no entry can wrap the corpus and forget the quota (the Worker once did).
 */
export function appLiveCorpus(
  base: { reader: RangeReader; filter: BreachFilter },
  live: LiveBreachStore,
  { clock, settings }: { clock: Clock; settings: Pick<AppSettings, 'tenantCorpusQuota'> },
): LiveCorpus {
  const quota = settings.tenantCorpusQuota
  return createLiveCorpus(base, live, {
    now: () => clock.now(),
    ...(quota !== undefined && { tenantQuota: quota }),
  })
}

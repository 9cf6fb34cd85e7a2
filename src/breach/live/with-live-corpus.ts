import type { AppDeps } from '../../app/deps.js'
import { createLiveCorpus, isLiveCorpus, type LiveCorpus } from './live-corpus.js'
import { createMemoryLiveBreachStore } from './live-breach-store.js'

/** AppDeps whose corpus merges the live additions (what createApp hands the route groups). */
export type LiveAppDeps = AppDeps & { corpus: LiveCorpus }

/**
 * Wraps `deps.corpus` with the live-additions store (`deps.liveBreach`, or an in-process one).
 * Idempotent: deps already wrapped are returned as they are.
 */
export function withLiveCorpus(deps: AppDeps): LiveAppDeps {
  const { corpus } = deps
  if (isLiveCorpus(corpus)) return { ...deps, corpus }
  const live = deps.liveBreach ?? createMemoryLiveBreachStore()
  const quota = deps.settings.tenantCorpusQuota
  return {
    ...deps,
    corpus: createLiveCorpus(corpus, live, {
      now: () => deps.clock.now(),
      ...(quota !== undefined && { tenantQuota: quota }),
    }),
  }
}

/**
 * Ports for running several instances behind a load balancer: what /ready asks and what /metrics records. Entries
 * build the adapters (prom-client on Node); the app only sees these shapes.
 */
export interface ReadinessProbe {
  /** Named checks, each true when healthy, e.g. `{database, migrations, corpus, accepting}`. */
  checks(): Promise<Record<string, boolean>>
}

export interface RequestSample {
  method: string
  /** The matched route pattern (`/v1/accounts/:externalId`), never the raw path. */
  route: string
  status: number
  seconds: number
}

/**
 * How one POST /v1/login ended: `wrong` covers unknown account and wrong password alike (they
 * must stay indistinguishable), `must_reset` a right password the site must not let in (200
 * `mustReset` or 403 `password_breached`), `shed` a 503 because the argon2 queue was full,
 * `unavailable` any other 503 (the legacy verify hook gave no answer).
 */
export type LoginOutcomeLabel = 'ok' | 'wrong' | 'throttled' | 'must_reset' | 'shed' | 'unavailable'

/** A connection pool's occupancy (node-postgres `Pool`: totalCount, idleCount, waitingCount). */
export interface PoolStats {
  total: number
  idle: number
  waiting: number
}

/** Where a `/range` body came from (pwguard_range_cache_lookups_total's `result`). */
export type RangeBodySource = 'hit' | 'miss' | 'mapped'

export interface AppMetrics {
  observeRequest(sample: RequestSample): void
  loginOutcome(outcome: LoginOutcomeLabel): void
  /** A 429 answered: `code` is the problem code (`throttled`, `verify_budget_exhausted`, …). */
  throttleBlock(route: string, code: string): void
  /**
   * How a range body was found: in the formatted body cache (`hit`), not there (`miss`), or sent
   * from the memory-mapped body file without a lookup (`mapped`). Passed on detached: no `this`.
   */
  rangeCacheLookup(result: RangeBodySource): void
  /** Bearer token that must accompany GET /metrics. */
  token: string
  /** The Prometheus text exposition. */
  render(): Promise<{ contentType: string; body: string }>
}

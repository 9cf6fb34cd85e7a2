/**
 * Ports for running a fleet (issue 11): what /ready asks and what /metrics records. Entries
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

export interface AppMetrics {
  observeRequest(sample: RequestSample): void
  /** Bearer token that must accompany GET /metrics. */
  token: string
  /** The Prometheus text exposition. */
  render(): Promise<{ contentType: string; body: string }>
}

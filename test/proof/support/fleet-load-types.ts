/** What the multi-instance proof hands its load generator (fleet-load-generator.ts). */
export interface FleetLoadOptions {
  baseUrls: string[]
  key: string
  seconds: number
  /** Requests per second, all routes together. */
  rate: number
  /** Weights of the read-mostly routes: login_ok, login_wrong, check, range. */
  mix: Record<'login_ok' | 'login_wrong' | 'check' | 'range', number>
  loginAccounts: { externalId: string; password: string }[]
  /** One change by current password each, spread over the run. */
  changes: { externalId: string; current: string; next: string }[]
  /** One reset token each, spent by a password change sent to two instances at once. */
  resets: { externalId: string; token: string; next: string }[]
  /**
   * Changes sent all at once to one instance at `atMs`, just before the test kills it, so some
   * writes are in flight at the kill and their outcome is in doubt.
   */
  volley: { atMs: number; instance: number; changes: FleetLoadOptions['changes'] }
  /** Concurrent wrong guesses fired at `atMs`: on one account, or one IP over many accounts. */
  bursts: ({ atMs: number; attempts: number; ip: string } & (
    { kind: 'account'; externalId: string } | { kind: 'ip' }
  ))[]
}

/** One request's end: an HTTP status, or the socket error that ended it. */
export interface Outcome {
  instance: number
  status?: number
  error?: string
}

export interface WriteRecord {
  kind: 'change' | 'reset'
  externalId: string
  outcomes: Outcome[]
}

export interface FleetSummary {
  seconds: number
  requests: number
  /** Instances taken out of the rotation after a connection failure. */
  down: number[]
  perInstance: {
    statuses: Record<string, number>
    errors: Record<string, number>
    /** Requests open on the instance when its first connection failed. */
    inFlightWhenDown: number
  }[]
  routes: Record<string, Record<string, number>>
  writes: WriteRecord[]
  /** Each burst's answers and how long it took from first send to last answer. */
  bursts: (FleetLoadOptions['bursts'][number] & { statuses: Record<string, number>; ms: number })[]
}

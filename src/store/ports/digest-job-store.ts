/**
 * Port for the wrapped-digest job's state: candidates counted at ingest, results written in
 * groups, progress read back. One adapter per SQL dialect (src/store/sqlite, src/store/pg).
 */
export interface DigestJobScope {
  tenantId: string
  incidentId: string
}

/** One group of verified candidates of an incident, as the job writes them. */
export interface CheckedGroup extends DigestJobScope {
  matched: { recordKey: string; externalId: string }[]
  unmatched: string[]
  busyMs: number
  now: number
}

export interface DigestJobRow extends DigestJobScope {
  candidates: number
  checked: number
  matched: number
  busyMs: number
  startedAt: number
  updatedAt: number
}

export interface DigestJobStore {
  /** Counts `added` more candidates on the incident's job (created on first use). */
  addCandidates(scope: DigestJobScope & { now: number }, added: number): Promise<void>
  /**
   * Writes a group atomically: matched records and their accounts gain `password_match` with
   * the digest bit (incident counters follow), checked records leave the pending set, and the
   * job counts them. Only records still pending count: a group written twice (two instances
   * checked the same upload) moves nothing the second time.
   */
  writeCheckedGroup(group: CheckedGroup): Promise<void>
  /** The job (null before its first candidate) and the records still pending. */
  read(scope: DigestJobScope): Promise<{ job: DigestJobRow | null; pending: number }>
}

import type { StoredHashVerifier } from '../accounts/stored-hash-verifier.js'
import type { TenantAdditions } from '../breach/live/tenant-additions.js'
import type { StorePorts } from '../store/ports/store-ports.js'
import type { DigestJobRunner } from './digest-job-runner.js'
import type { ExposureRecord } from './exposure-record.js'

/** The store ports ingest writes through. */
export type IngestStores = Pick<StorePorts, 'exposureIngest' | 'outbox'>

export interface IngestDeps {
  /** The app's store ports (`services.stores`). */
  stores: IngestStores
  /** The tenant's own breach additions (never the shared corpus). */
  corpus: Pick<TenantAdditions, 'add' | 'quota'>
  verifier: StoredHashVerifier
  secret: Uint8Array
  /** Where wrapped candidates go; absent: they stay pending (counted, not verified). */
  digestJob?: Pick<DigestJobRunner, 'enqueue'>
}

/** IngestDeps plus the resolved stores and what matching derives from the secret once. */
export type BatchDeps = IngestDeps & {
  stores: IngestStores
  match: { verifier: StoredHashVerifier; fingerprint: (canonical: string) => string }
}

/** A validated record waiting in the current batch. */
export interface PendingExposure {
  key: string
  record: ExposureRecord
  /** Current then v1 e-mail index (see accounts/email-index.ts); null without an e-mail. */
  emailIndexes: readonly string[] | null
}

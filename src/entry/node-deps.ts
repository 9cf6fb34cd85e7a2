import type { AppDeps } from '../app/deps.js'

/** What a Node wiring (SQLite or PostgreSQL) hands the server. */
export interface NodeDeps {
  deps: AppDeps
  /** Where the secret and the generated admin key live. */
  dataDir: string
  /** Checks /ready adds for this database (`database`, `migrations`). */
  readinessChecks(): Promise<Record<string, boolean>>
  /** Periodic housekeeping of the store (SQLite: truncate the WAL); absent when none. */
  checkpoint?: () => void
  /** Releases the store, the corpus and the argon2 threads, after requests have drained. */
  close(): void | Promise<void>
}

// Ingest counts candidates in the batch that writes the records, so the statement stays a
// SQLite batch item until exposure ingest has its own port; the job itself is
// `stores.digestJob` (src/store/ports/digest-job-store.ts).
export { sqliteCountCandidates as countCandidates } from '../store/sqlite/sqlite-digest-job-store.js'
export type { CheckedGroup } from '../store/ports/digest-job-store.js'
